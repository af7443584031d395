{{ config(tags=['incidents']) }}
-- Engineering health per business unit per week (weeks start on Monday, by incident creation date):
-- incident counts by temperature and the median and P90 of time to detect, time to respond and time to
-- resolve, with the change from the previous week. Only MTTx-eligible incidents count (no test or
-- tutorial incidents, none declined, merged or canceled — source-apis.md §1.3). A week spine fills
-- weeks without incidents with zero counts, so week-over-week changes compare adjacent weeks.
with incidents as (
    select *
    from {{ ref('fct_ops__incidents') }}
    where is_mttx_eligible
),

weeks as (
    {{ date_spine_filter('(select min(incident_date) from incidents)', '(select max(incident_date) from incidents)', 'week', 'week_start') }}
),

business_units as (
    select distinct business_unit from incidents
),

grid as (
    select w.week_start, b.business_unit
    from weeks as w
    cross join business_units as b
),

weekly as (
    select
        {{ truncate_date('incident_date', 'week') }} as week_start,
        business_unit,
        count(*) as incidents_total,
        sum(case when temperature = 'critical' then 1 else 0 end) as incidents_critical,
        sum(case when temperature = 'high' then 1 else 0 end) as incidents_high,
        sum(case when temperature = 'medium' then 1 else 0 end) as incidents_medium,
        sum(case when temperature = 'low' then 1 else 0 end) as incidents_low,
        sum(case when has_timestamp_anomaly then 1 else 0 end) as incidents_with_timestamp_anomaly,
        median(time_to_detect_sec) as mttd_median_sec,
        {{ percentile_cont('time_to_detect_sec', 0.9) }} as mttd_p90_sec,
        median(time_to_respond_sec) as mttr_median_sec,
        {{ percentile_cont('time_to_respond_sec', 0.9) }} as mttr_p90_sec,
        median(time_to_resolve_sec) as mtt_resolve_median_sec,
        {{ percentile_cont('time_to_resolve_sec', 0.9) }} as mtt_resolve_p90_sec
    from incidents
    group by 1, 2
),

filled as (
    select
        g.week_start,
        g.business_unit,
        coalesce(w.incidents_total, 0) as incidents_total,
        coalesce(w.incidents_critical, 0) as incidents_critical,
        coalesce(w.incidents_high, 0) as incidents_high,
        coalesce(w.incidents_medium, 0) as incidents_medium,
        coalesce(w.incidents_low, 0) as incidents_low,
        coalesce(w.incidents_with_timestamp_anomaly, 0) as incidents_with_timestamp_anomaly,
        w.mttd_median_sec,
        w.mttd_p90_sec,
        w.mttr_median_sec,
        w.mttr_p90_sec,
        w.mtt_resolve_median_sec,
        w.mtt_resolve_p90_sec
    from grid as g
    left join weekly as w on w.week_start = g.week_start and w.business_unit = g.business_unit
),

with_previous as (
    select
        f.*,
        lag(incidents_total) over (partition by business_unit order by week_start) as prev_incidents_total,
        lag(mttd_median_sec) over (partition by business_unit order by week_start) as prev_mttd_median_sec,
        lag(mttr_median_sec) over (partition by business_unit order by week_start) as prev_mttr_median_sec,
        lag(mtt_resolve_median_sec) over (partition by business_unit order by week_start) as prev_mtt_resolve_median_sec
    from filled as f
)

select
    {{ surrogate_key(['week_start', 'business_unit']) }} as weekly_health_key,
    week_start,
    business_unit,
    incidents_total,
    incidents_critical,
    incidents_high,
    incidents_medium,
    incidents_low,
    incidents_with_timestamp_anomaly,
    mttd_median_sec,
    mttd_p90_sec,
    mttr_median_sec,
    mttr_p90_sec,
    mtt_resolve_median_sec,
    mtt_resolve_p90_sec,
    incidents_total - prev_incidents_total as incidents_total_wow_change,
    {{ safe_divide('mttd_median_sec - prev_mttd_median_sec', 'prev_mttd_median_sec') }} as mttd_median_wow_pct,
    {{ safe_divide('mttr_median_sec - prev_mttr_median_sec', 'prev_mttr_median_sec') }} as mttr_median_wow_pct,
    {{ safe_divide('mtt_resolve_median_sec - prev_mtt_resolve_median_sec', 'prev_mtt_resolve_median_sec') }} as mtt_resolve_median_wow_pct
from with_previous
