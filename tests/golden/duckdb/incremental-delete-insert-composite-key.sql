-- 1. begin
begin;

-- 2. stage
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 3. delete
delete from "warehouse"."analytics"."orders" as DBT_INTERNAL_DEST
where ("id", "status") in (
    select distinct "id", "status"
    from "warehouse"."analytics"."orders__opp_tmp" as DBT_INTERNAL_SOURCE
);

-- 4. insert
insert into "warehouse"."analytics"."orders" ("id", "status", "amount")
select "id", "status", "amount"
from "warehouse"."analytics"."orders__opp_tmp";

-- 5. drop
drop table if exists "warehouse"."analytics"."orders__opp_tmp";

-- 6. commit
commit;
