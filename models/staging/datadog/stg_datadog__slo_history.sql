-- Datadog SLO history snapshots (source-apis.md §3): one row per SLO, day and timeframe (7d / 30d / 90d),
-- with the SLI over the day, the timeframe's target and its remaining error budget (percent).
with history as (
    select * from {{ source('datadog', 'slo_history') }}
    qualify row_number() over (partition by _tenant, slo_id, to_ts order by _extracted_at desc) = 1
),

thresholds as (
    select
        t.slo_id,
        t.to_ts,
        t.element_key as timeframe,
        {{ json_num('t.element', 'target') }} as target,
        {{ json_num('t.element', 'warning') }} as warning
    from {{ json_explode('history', 'slo_id, to_ts', '_raw', 'thresholds', kind='object') }} as t
),

budgets as (
    select
        b.slo_id,
        b.to_ts,
        b.element_key as timeframe,
        {{ element_num('b') }} as error_budget_remaining
    from {{ json_explode('history', 'slo_id, to_ts', '_raw', 'overall.error_budget_remaining', kind='object') }} as b
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
