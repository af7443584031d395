-- mode: create, 3 statements + the load
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

-- 3. swap
alter table analytics.reference.orders__opp_tmp rename to analytics.reference.orders;
