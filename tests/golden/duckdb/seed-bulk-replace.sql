-- mode: replace
-- 1. begin
begin;

-- 2. create
create or replace table "warehouse"."raw"."orders__opp_tmp" (
    "id" INTEGER,
    "customer" VARCHAR,
    "amount" decimal(10,2),
    "placed_at" TIMESTAMP
);

-- load: rows streamed with bulkLoad into "warehouse"."raw"."orders__opp_tmp"

-- 3. drop
drop table if exists "warehouse"."raw"."orders";

-- 4. swap
alter table "warehouse"."raw"."orders__opp_tmp" rename to "orders";

-- 5. commit
commit;
