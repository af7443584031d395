-- 1 statement

-- 1. create
create or replace view analytics.marts.orders (ID comment 'The order id', STATUS comment 'Order status: ''placed'', ''shipped'' or ''returned''', AMOUNT) comment = 'Orders, one row per order (the customer''s latest state)' as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);
