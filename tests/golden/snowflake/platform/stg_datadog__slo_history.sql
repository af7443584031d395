-- models/staging/datadog/stg_datadog__slo_history.sql (view) on Snowflake

-- first build
-- 1. create
create or replace view OPP_TEST.staging.stg_datadog__slo_history comment = 'Daily SLO history snapshots, one row per SLO, day and timeframe (7d / 30d / 90d).' as (
-- Datadog SLO history snapshots (source-apis.md §3): one row per SLO, day and timeframe (7d / 30d / 90d),
-- with the SLI over the day, the timeframe's target and its remaining error budget (percent).
with history as (
    select * from OPP_TEST.raw.datadog__slo_history
    qualify row_number() over (partition by _tenant, slo_id, to_ts order by _extracted_at desc) = 1
),

thresholds as (
    select
        t.slo_id,
        t.to_ts,
        t.element_key as timeframe,
        try_to_double(t.element:target::string) as target,
        try_to_double(t.element:warning::string) as warning
    from (
        select slo_id, to_ts, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from history, lateral flatten(input => _raw:thresholds, outer => false) as __opp_f
    ) as t
),

budgets as (
    select
        b.slo_id,
        b.to_ts,
        b.element_key as timeframe,
        try_to_double(b.element::string) as error_budget_remaining
    from (
        select slo_id, to_ts, __opp_f.value as element, __opp_f.index as element_index, __opp_f.key::string as element_key
        from history, lateral flatten(input => _raw:overall.error_budget_remaining, outer => false) as __opp_f
    ) as b
)

select
    h.slo_id,
    t.timeframe,
    h.snapshot_date,
    convert_timezone('UTC', h.from_ts)::timestamp_ntz as window_start,
    convert_timezone('UTC', h.to_ts)::timestamp_ntz as window_end,
    h.type as slo_type,
    h.sli_value,
    t.target,
    t.warning,
    b.error_budget_remaining
from history as h
inner join thresholds as t on t.slo_id = h.slo_id and t.to_ts = h.to_ts
left join budgets as b on b.slo_id = h.slo_id and b.to_ts = h.to_ts and b.timeframe = t.timeframe
);

-- 2. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.slo_id is 'SLO id.';

-- 3. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.timeframe is '7d, 30d or 90d.';

-- 4. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.snapshot_date is 'The day the snapshot covers.';

-- 5. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.window_start is 'Snapshot start (UTC).';

-- 6. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.window_end is 'Snapshot end (UTC), the mart''s window_end.';

-- 7. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.slo_type is 'SLO type.';

-- 8. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.sli_value is 'SLI over the day, percent (NULL without data).';

-- 9. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.target is 'Target of the timeframe, percent.';

-- 10. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.warning is 'Warning threshold, percent.';

-- 11. comment
comment on column OPP_TEST.staging.stg_datadog__slo_history.error_budget_remaining is 'Error budget remaining for the timeframe, percent.';
