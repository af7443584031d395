-- mode: replace, 4 statements + the load
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
alter table analytics.reference.orders swap with analytics.reference.orders__opp_tmp;

-- 4. drop
drop table if exists analytics.reference.orders__opp_tmp cascade;
