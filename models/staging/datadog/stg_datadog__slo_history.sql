-- Datadog SLO history snapshots (source-apis.md §3): one row per SLO, day and timeframe (7d / 30d / 90d),
-- with the SLI over the day, the timeframe's target and its remaining error budget (percent).
with history as (
    select * from {{ source('datadog', 'slo_history') }}
    qualify row_number() over (partition by _tenant, slo_id, to_ts order by _extracted_at desc) = 1
),

thresholds as (
    select
        h.slo_id,
        h.to_ts,
        {{ json_element_key('t') }} as timeframe,
        {{ json_num(json_element('t'), 'target') }} as target,
        {{ json_num(json_element('t'), 'warning') }} as warning
    from history as h
    {{ json_each_join('h._raw', 'thresholds', 't') }}
),

budgets as (
    select
        h.slo_id,
        h.to_ts,
        {{ json_element_key('b') }} as timeframe,
        {{ json_element_num('b') }} as error_budget_remaining
    from history as h
    {{ json_each_join('h._raw', 'overall.error_budget_remaining', 'b') }}
)

select
    h.slo_id,
    t.timeframe,
    h.snapshot_date,
    {{ to_utc('h.from_ts') }} as window_start,
    {{ to_utc('h.to_ts') }} as window_end,
    h.type as slo_type,
    h.sli_value,
    t.target,
    t.warning,
    b.error_budget_remaining
from history as h
inner join thresholds as t on t.slo_id = h.slo_id and t.to_ts = h.to_ts
left join budgets as b on b.slo_id = h.slo_id and b.to_ts = h.to_ts and b.timeframe = t.timeframe
