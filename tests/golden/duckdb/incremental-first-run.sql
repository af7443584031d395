-- 1. create
create table "warehouse"."analytics"."orders" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);
