-- models/marts/fct_ops__weekly_engineering_health.sql (table) on Snowflake

-- first build
-- 1. create
create transient table OPP_TEST.marts.fct_ops__weekly_engineering_health comment = 'Engineering health per business unit per week: MTTx-eligible incident counts by temperature, median and P90 of time to detect / respond / resolve, and week-over-week change. Weeks without incidents appear with zero counts (date spine).' as (

-- Engineering health per business unit per week (weeks start on Monday, by incident creation date):
-- incident counts by temperature and the median and P90 of time to detect, time to respond and time to
-- resolve, with the change from the previous week. Only MTTx-eligible incidents count (no test or
-- tutorial incidents, none declined, merged or canceled — source-apis.md §1.3). A week spine fills
-- weeks without incidents with zero counts, so week-over-week changes compare adjacent weeks.
with incidents as (
    select *
    from OPP_TEST.marts.fct_ops__incidents
    where is_mttx_eligible
),

weeks as (
    select week_start
    from (
        select dateadd(week, row_number() over (order by seq4()) - 1, cast(date_trunc('week', cast((select min(incident_date) from incidents) as date)) as date)) as week_start
        from table(generator(rowcount => 20000))
    )
    where week_start <= cast(date_trunc('week', cast((select max(incident_date) from incidents) as date)) as date)
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
        cast(date_trunc('week', cast(incident_date as date)) as date) as week_start,
        business_unit,
        count(*) as incidents_total,
        sum(case when temperature = 'critical' then 1 else 0 end) as incidents_critical,
        sum(case when temperature = 'high' then 1 else 0 end) as incidents_high,
        sum(case when temperature = 'medium' then 1 else 0 end) as incidents_medium,
        sum(case when temperature = 'low' then 1 else 0 end) as incidents_low,
        sum(case when has_timestamp_anomaly then 1 else 0 end) as incidents_with_timestamp_anomaly,
        median(time_to_detect_sec) as mttd_median_sec,
        percentile_cont(0.9) within group (order by time_to_detect_sec) as mttd_p90_sec,
        median(time_to_respond_sec) as mttr_median_sec,
        percentile_cont(0.9) within group (order by time_to_respond_sec) as mttr_p90_sec,
        median(time_to_resolve_sec) as mtt_resolve_median_sec,
        percentile_cont(0.9) within group (order by time_to_resolve_sec) as mtt_resolve_p90_sec
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
    md5(concat_ws('||', coalesce(cast(week_start as varchar), '^^'), coalesce(cast(business_unit as varchar), '^^'))) as weekly_health_key,
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
    case
        when (prev_mttd_median_sec) is null or (prev_mttd_median_sec) = 0 then null
        else cast(mttd_median_sec - prev_mttd_median_sec as double) / (prev_mttd_median_sec)
    end as mttd_median_wow_pct,
    case
        when (prev_mttr_median_sec) is null or (prev_mttr_median_sec) = 0 then null
        else cast(mttr_median_sec - prev_mttr_median_sec as double) / (prev_mttr_median_sec)
    end as mttr_median_wow_pct,
    case
        when (prev_mtt_resolve_median_sec) is null or (prev_mtt_resolve_median_sec) = 0 then null
        else cast(mtt_resolve_median_sec - prev_mtt_resolve_median_sec as double) / (prev_mtt_resolve_median_sec)
    end as mtt_resolve_median_wow_pct
from with_previous
);

-- 2. comment
alter table OPP_TEST.marts.fct_ops__weekly_engineering_health alter weekly_health_key comment 'MD5 of week_start and business_unit.', week_start comment 'Monday of the ISO week of incident creation (UTC).', business_unit comment 'Business unit owning the primary affected service.', incidents_total comment 'MTTx-eligible incidents created that week.', incidents_critical comment 'Of which temperature critical.', incidents_high comment 'Of which temperature high.', incidents_medium comment 'Of which temperature medium.', incidents_low comment 'Of which temperature low.', incidents_with_timestamp_anomaly comment 'Of which with out-of-order timestamps (their negative durations are excluded).', mttd_median_sec comment 'Median time_to_detect_sec.', mttd_p90_sec comment '90th percentile of time_to_detect_sec.', mttr_median_sec comment 'Median time_to_respond_sec (mean time to respond, as a median).', mttr_p90_sec comment '90th percentile of time_to_respond_sec.', mtt_resolve_median_sec comment 'Median time_to_resolve_sec.', mtt_resolve_p90_sec comment '90th percentile of time_to_resolve_sec.', incidents_total_wow_change comment 'incidents_total minus the previous week''s (NULL in the first week).', mttd_median_wow_pct comment 'Relative change of mttd_median_sec from the previous week (0.1 = +10%); NULL without both weeks.', mttr_median_wow_pct comment 'Relative change of mttr_median_sec from the previous week.', mtt_resolve_median_wow_pct comment 'Relative change of mtt_resolve_median_sec from the previous week.';
