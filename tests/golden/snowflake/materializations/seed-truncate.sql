-- mode: truncate, 3 statements + the load
-- 1. begin
begin;

-- 2. delete
delete from analytics.reference.orders;

-- load: rows streamed with bulkLoad (array-bound INSERTs) into analytics.reference.orders

-- 3. commit
commit;
