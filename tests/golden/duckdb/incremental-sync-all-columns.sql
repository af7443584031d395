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
alter table "warehouse"."analytics"."orders" drop column "status";

-- 5. alter
alter table "warehouse"."analytics"."orders" alter column "id" set data type BIGINT;

-- 6. merge
merge into "warehouse"."analytics"."orders" as DBT_INTERNAL_DEST
using "warehouse"."analytics"."orders__opp_tmp" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id")
when matched then update set
    "id" = DBT_INTERNAL_SOURCE."id",
    "amount" = DBT_INTERNAL_SOURCE."amount",
    "currency" = DBT_INTERNAL_SOURCE."currency"
when not matched then insert ("id", "amount", "currency")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."amount", DBT_INTERNAL_SOURCE."currency");

-- 7. drop
drop table if exists "warehouse"."analytics"."orders__opp_tmp";

-- 8. commit
commit;
