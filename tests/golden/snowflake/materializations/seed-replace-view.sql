-- mode: replace, 6 statements + the load
-- 1. drop
drop table if exists analytics.reference.orders__opp_tmp cascade;

-- 2. create
create table analytics.reference.orders__opp_tmp (
    ID NUMBER(38,0),
    CUSTOMER VARCHAR,
    AMOUNT number(10,2),
    PLACED_AT TIMESTAMP_NTZ
);

-- load: rows streamed with bulkLoad (array-bound INSERTs) into analytics.reference.orders__opp_tmp

-- 3. drop
drop view if exists analytics.reference.orders__opp_backup;

-- 4. swap
alter table analytics.reference.orders rename to analytics.reference.orders__opp_backup;

-- 5. swap
alter table analytics.reference.orders__opp_tmp rename to analytics.reference.orders;

-- 6. drop
drop view if exists analytics.reference.orders__opp_backup;
