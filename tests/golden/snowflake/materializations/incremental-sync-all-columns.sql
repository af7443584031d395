-- 6 statements

-- 1. stage
create or replace temporary view analytics.marts.orders__opp_tmp as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 2. alter
alter table analytics.marts.orders add column CURRENCY VARCHAR(3);

-- 3. alter
alter table analytics.marts.orders drop column STATUS;

-- 4. alter
alter table analytics.marts.orders alter AMOUNT set data type FLOAT;

-- 5. merge
merge into analytics.marts.orders as DBT_INTERNAL_DEST
using analytics.marts.orders__opp_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.ID = DBT_INTERNAL_DEST.ID)
when matched then update set
    ID = DBT_INTERNAL_SOURCE.ID,
    AMOUNT = DBT_INTERNAL_SOURCE.AMOUNT,
    CURRENCY = DBT_INTERNAL_SOURCE.CURRENCY
when not matched then insert (ID, AMOUNT, CURRENCY)
values (DBT_INTERNAL_SOURCE.ID, DBT_INTERNAL_SOURCE.AMOUNT, DBT_INTERNAL_SOURCE.CURRENCY);

-- 6. drop
drop view if exists analytics.marts.orders__opp_tmp;
