-- 1. begin
begin;

-- 2. stage
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 3. alter
alter table "warehouse"."analytics"."orders" add column "currency" VARCHAR;

-- 4. alter
alter table "warehouse"."analytics"."orders" add column "paid_at" TIMESTAMP;

-- 5. delete
delete from "warehouse"."analytics"."orders" as DBT_INTERNAL_DEST
where ("id") in (
    select distinct "id"
    from "warehouse"."analytics"."orders__opp_tmp" as DBT_INTERNAL_SOURCE
);

-- 6. insert
insert into "warehouse"."analytics"."orders" ("id", "status", "amount", "currency", "paid_at")
select "id", "status", "amount", "currency", "paid_at"
from "warehouse"."analytics"."orders__opp_tmp";

-- 7. drop
drop table if exists "warehouse"."analytics"."orders__opp_tmp";

-- 8. commit
commit;
