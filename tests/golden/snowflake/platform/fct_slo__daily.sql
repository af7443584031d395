-- models/marts/fct_slo__daily.sql (table) on Snowflake

-- first build
-- 1. create
create transient table OPP_TEST.marts.fct_slo__daily comment = 'SLO health per SLO, timeframe and day: SLI, target and error budget remaining; a day spine keeps days without snapshots visible.' as (

-- SLO health per SLO, timeframe (7d / 30d / 90d) and day: the day's SLI, the target and the error budget
-- remaining. A day spine over each SLO's history fills missing snapshots (has_snapshot = false) so
-- gaps are visible instead of silently skipped.
with history as (
    select * from OPP_TEST.staging.stg_datadog__slo_history
),

slos as (
    select s.*, o.business_unit as owner_business_unit
    from OPP_TEST.staging.stg_datadog__slos as s
    left join OPP_TEST.reference.service_ownership as o on o.service_name = s.service_name
),

days as (
    select date_day
    from (
        select dateadd(day, row_number() over (order by seq4()) - 1, cast((select min(snapshot_date) from history) as date)) as date_day
        from table(generator(rowcount => 20000))
    )
    where date_day <= cast((select max(snapshot_date) from history) as date)
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
    md5(concat_ws('||', coalesce(cast(g.slo_id as varchar), '^^'), coalesce(cast(g.timeframe as varchar), '^^'), coalesce(cast(g.date_day as varchar), '^^'))) as slo_daily_key,
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
);

-- 2. comment
alter table OPP_TEST.marts.fct_slo__daily alter slo_daily_key comment 'MD5 of slo_id, timeframe and date_day.', slo_id comment 'Datadog SLO id.', slo_name comment 'SLO name.', slo_type comment 'metric, monitor or time_slice.', service_name comment 'Service the SLO covers (service tag).', business_unit comment 'Business unit owning the service (seed service_ownership, else the bu tag).', timeframe comment '7d, 30d or 90d.', date_day comment 'The day (a spine: days without a snapshot are kept).', sli_value comment 'SLI of the day, percent (NULL without data or snapshot).', target comment 'Target of the timeframe, percent.', error_budget_remaining comment 'Error budget remaining for the timeframe, percent.', is_meeting_target comment 'sli_value >= target (NULL without an SLI).', has_snapshot comment 'False on days the spine added (no history snapshot).';
