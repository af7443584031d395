-- 1. hook
set threads = 2;

-- 2. begin
begin;

-- 3. hook
insert into audit values ('pre');

-- 4. create
create or replace view "warehouse"."analytics"."orders" as (
select id, status, amount
from "warehouse"."staging"."stg_orders"
where status <> 'deleted'
);

-- 5. hook
insert into audit values ('post');

-- 6. commit
commit;

-- 7. hook
checkpoint;
