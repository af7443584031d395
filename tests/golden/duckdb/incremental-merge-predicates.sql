-- 1. begin
begin;

-- 2. stage
create or replace table "warehouse"."analytics"."orders__opp_tmp" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 3. merge
merge into "warehouse"."analytics"."orders" as DBT_INTERNAL_DEST
using "warehouse"."analytics"."orders__opp_tmp" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_DEST.status <> 'archived') and (DBT_INTERNAL_SOURCE.amount > 0) and (DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id")
when matched then update set
    "id" = DBT_INTERNAL_SOURCE."id",
    "status" = DBT_INTERNAL_SOURCE."status",
    "amount" = DBT_INTERNAL_SOURCE."amount"
when not matched then insert ("id", "status", "amount")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."status", DBT_INTERNAL_SOURCE."amount");

-- 4. drop
drop table if exists "warehouse"."analytics"."orders__opp_tmp";

-- 5. commit
commit;
