{#
  PII guard (source-apis.md §4): no email-like value may reach any mart. Every column of every model
  under models/marts/ is cast to text and searched for something@domain.tld; each hit is a failing row
  (mart, column, value). The refs below are the marts' leaves: every other mart is upstream of one of
  them, so `opp build` runs this after all marts.
#}
-- depends_on: {{ ref('bridge_ops__incident_service') }}, {{ ref('fct_ops__weekly_engineering_health') }}
-- depends_on: {{ ref('fct_ai_telemetry__weekly_eng_ai_tokens') }}, {{ ref('fct_slo__daily') }}
{%- set email_pattern = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}' -%}
{%- set checks = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.original_file_path.startswith('models/marts/') -%}
            {%- set relation = ref(node.name) -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do checks.append((node.name, column.name, relation)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}
{% if checks | length == 0 -%}
select cast(null as varchar) as mart, cast(null as varchar) as column_name, cast(null as varchar) as value
where 1 = 0
{%- else -%}
{%- for mart, column_name, relation in checks %}
select '{{ mart }}' as mart, '{{ column_name }}' as column_name, cast({{ adapter.quote(column_name) }} as varchar) as value
from {{ relation }}
where {{ regex_matches('cast(' ~ adapter.quote(column_name) ~ ' as varchar)', email_pattern) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endif %}
