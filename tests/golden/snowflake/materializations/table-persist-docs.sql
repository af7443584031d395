-- 2 statements

-- 1. create
create or replace transient table analytics.marts.orders comment = 'Orders, one row per order (the customer''s latest state)' as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. comment
alter table analytics.marts.orders alter ID comment 'The order id', STATUS comment 'Order status: ''placed'', ''shipped'' or ''returned''';
