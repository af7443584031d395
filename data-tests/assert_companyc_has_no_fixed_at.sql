-- companyc's workspace quirk (source-apis.md §1.3): it has no "Fixed at" timestamp, so fixed_at and
-- time_to_stabilize_sec must be NULL for every companyc incident in the fact.
select incident_key, fixed_at, time_to_stabilize_sec
from {{ ref('fct_ops__incidents') }}
where workspace = 'companyc'
  and (fixed_at is not null or time_to_stabilize_sec is not null)
