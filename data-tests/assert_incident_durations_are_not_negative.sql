-- The §1.3 rule on the fact: a duration is never negative (out-of-order timestamps give NULL and set
-- has_timestamp_anomaly), and a row whose durations were all computable has no anomaly flag.
select incident_key
from {{ ref('fct_ops__incidents') }}
where time_to_detect_sec < 0
   or time_to_respond_sec < 0
   or time_to_stabilize_sec < 0
   or time_to_resolve_sec < 0
   or impact_duration_min < 0
