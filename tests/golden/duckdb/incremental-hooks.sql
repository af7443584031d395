-- 1. hook
insert into audit values ('pre outside');

-- 2. begin
begin;

-- 3. hook
insert into audit values ('pre inside');

-- 4. stage
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 5. delete
delete from "warehouse"."analytics"."orders" as DBT_INTERNAL_DEST
where ("id") in (
    select distinct "id"
    from "warehouse"."analytics"."orders__opp_tmp" as DBT_INTERNAL_SOURCE
);

-- 6. insert
insert into "warehouse"."analytics"."orders" ("id", "status", "amount")
select "id", "status", "amount"
from "warehouse"."analytics"."orders__opp_tmp";

-- 7. drop
drop table if exists "warehouse"."analytics"."orders__opp_tmp";

-- 8. hook
insert into audit values ('post inside');

-- 9. commit
commit;

-- 10. hook
insert into audit values ('post outside');
