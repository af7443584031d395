-- 3 statements

-- 1. create
create or replace view analytics.marts.orders comment = 'Orders, one row per order (the customer''s latest state)' as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. comment
comment on column analytics.marts.orders.id is 'The order id';

-- 3. comment
comment on column analytics.marts.orders.status is 'Order status: ''placed'', ''shipped'' or ''returned''';
