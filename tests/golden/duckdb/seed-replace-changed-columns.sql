-- mode: replace
-- 1. begin
begin;

-- 2. create
create or replace table "warehouse"."raw"."orders__opp_tmp" as (
select
    cast(trim("id") as INTEGER) as "id",
    "customer" as "customer",
    cast("amount" as decimal(10,2)) as "amount",
    cast(trim("placed_at") as TIMESTAMP) as "placed_at"
from read_csv('/project/seeds/orders.csv', header=true, auto_detect=false, columns={'id': 'VARCHAR', 'customer': 'VARCHAR', 'amount': 'VARCHAR', 'placed_at': 'VARCHAR'}, delim=',', quote='"', escape='"', nullstr=['', 'null', 'NULL', 'Null'])
);

-- 3. drop
drop table if exists "warehouse"."raw"."orders";

-- 4. swap
alter table "warehouse"."raw"."orders__opp_tmp" rename to "orders";

-- 5. commit
commit;
