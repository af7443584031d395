-- mode: replace
-- 1. drop
drop table if exists "warehouse"."raw"."orders__opp_tmp";

-- 2. create
create table "warehouse"."raw"."orders__opp_tmp" (
    "id" INTEGER,
    "customer" VARCHAR,
    "amount" decimal(10,2),
    "placed_at" TIMESTAMP
);

-- load: rows streamed with bulkLoad into "warehouse"."raw"."orders__opp_tmp"

-- 3. drop
drop table if exists "warehouse"."raw"."orders__opp_backup";

-- 4. swap
alter table "warehouse"."raw"."orders" rename to "orders__opp_backup";

-- 5. swap
alter table "warehouse"."raw"."orders__opp_tmp" rename to "orders";

-- 6. drop
drop table if exists "warehouse"."raw"."orders__opp_backup";
