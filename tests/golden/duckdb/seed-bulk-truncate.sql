-- mode: truncate
-- 1. begin
begin;

-- 2. delete
delete from "warehouse"."raw"."orders";

-- load: rows streamed with bulkLoad into "warehouse"."raw"."orders"

-- 3. commit
commit;
