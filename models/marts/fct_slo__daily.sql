{{ config(tags=['slo']) }}
-- SLO health per SLO, timeframe (7d / 30d / 90d) and day: the day's SLI, the target and the error budget
-- remaining. A day spine over each SLO's history fills missing snapshots (has_snapshot = false) so
-- gaps are visible instead of silently skipped.
with history as (
    select * from {{ ref('stg_datadog__slo_history') }}
),

slos as (
    select s.*, o.business_unit as owner_business_unit
    from {{ ref('stg_datadog__slos') }} as s
    left join {{ ref('service_ownership') }} as o on o.service_name = s.service_name
),

days as (
    {{ date_spine_filter('(select min(snapshot_date) from history)', '(select max(snapshot_date) from history)', 'day', 'date_day') }}
),

slo_timeframes as (
    select slo_id, timeframe, min(snapshot_date) as first_date, max(target) as latest_target
    from history
    group by slo_id, timeframe
),

grid as (
    select st.slo_id, st.timeframe, d.date_day, st.latest_target
    from slo_timeframes as st
    inner join days as d on d.date_day >= st.first_date
)

select
    {{ surrogate_key(['g.slo_id', 'g.timeframe', 'g.date_day']) }} as slo_daily_key,
    g.slo_id,
    s.slo_name,
    s.slo_type,
    s.service_name,
    coalesce(s.owner_business_unit, s.business_unit_tag) as business_unit,
    g.timeframe,
    g.date_day,
    h.sli_value,
    coalesce(h.target, g.latest_target) as target,
    h.error_budget_remaining,
    h.sli_value >= coalesce(h.target, g.latest_target) as is_meeting_target,
    h.slo_id is not null as has_snapshot
from grid as g
left join history as h on h.slo_id = g.slo_id and h.timeframe = g.timeframe and h.snapshot_date = g.date_day
left join slos as s on s.slo_id = g.slo_id
