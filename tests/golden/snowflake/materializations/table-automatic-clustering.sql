-- 2 statements

-- 1. create
create or replace transient table analytics.marts.orders cluster by (status) as (
select * from (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
) order by (status)
);

-- 2. alter
alter table analytics.marts.orders resume recluster;
