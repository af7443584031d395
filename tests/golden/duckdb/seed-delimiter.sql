-- mode: create
-- 1. create
create table "warehouse"."raw"."orders" as (
select
    cast(trim("id") as INTEGER) as "id",
    "customer" as "customer",
    cast("amount" as decimal(10,2)) as "amount",
    cast(trim("placed_at") as TIMESTAMP) as "placed_at"
from read_csv('/project/seeds/orders.csv', header=true, auto_detect=false, columns={'id': 'VARCHAR', 'customer': 'VARCHAR', 'amount': 'VARCHAR', 'placed_at': 'VARCHAR'}, delim=';', quote='"', escape='"', nullstr=['', 'null', 'NULL', 'Null'])
);
