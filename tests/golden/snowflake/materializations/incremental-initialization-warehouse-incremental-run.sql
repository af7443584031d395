-- 5 statements

-- 1. use
use warehouse etl_small;

-- 2. stage
create or replace temporary view analytics.marts.orders__opp_tmp as (
select id, status, amount
from analytics.staging.stg_orders
where status <> 'deleted'
);

-- 3. merge
merge into analytics.marts.orders as DBT_INTERNAL_DEST
using analytics.marts.orders__opp_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE.ID = DBT_INTERNAL_DEST.ID)
when matched then update set
    ID = DBT_INTERNAL_SOURCE.ID,
    STATUS = DBT_INTERNAL_SOURCE.STATUS,
    AMOUNT = DBT_INTERNAL_SOURCE.AMOUNT
when not matched then insert (ID, STATUS, AMOUNT)
values (DBT_INTERNAL_SOURCE.ID, DBT_INTERNAL_SOURCE.STATUS, DBT_INTERNAL_SOURCE.AMOUNT);

-- 4. drop
drop view if exists analytics.marts.orders__opp_tmp;

-- 5. use
use warehouse transforming;
