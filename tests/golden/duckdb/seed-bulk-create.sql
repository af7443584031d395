-- mode: create
-- 1. begin
begin;

-- 2. create
create table "warehouse"."raw"."orders" (
    "id" INTEGER,
    "customer" VARCHAR,
    "amount" decimal(10,2),
    "placed_at" TIMESTAMP
);

-- load: rows streamed with bulkLoad into "warehouse"."raw"."orders"

-- 3. commit
commit;
