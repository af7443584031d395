{#
  hash_pii(expr): the SHA-256 (lower-case hex) of lower(trim(expr)), so the same email hashes to the same
  key in every source (the cross-tool `engineer_key`). NULL stays NULL.

  Salting: when OPP_PII_SALT is set, its value is prepended before hashing (a keyed hash that cannot be
  reversed with a dictionary of known emails). Every run of one warehouse must use the same salt, or
  keys stop joining across runs. Dialects through adapter.dispatch: DuckDB sha256(), Snowflake SHA2(…, 256).
#}
{% macro hash_pii(expr) -%}
    {{ return(adapter.dispatch('hash_pii')(expr)) }}
{%- endmacro %}

{% macro pii_normalized(expr) -%}
    {%- set salt = env_var('OPP_PII_SALT', '') -%}
    {%- if salt -%}
        ({{ string_literal(salt) }} || lower(trim(cast({{ expr }} as varchar))))
    {%- else -%}
        lower(trim(cast({{ expr }} as varchar)))
    {%- endif -%}
{%- endmacro %}

{% macro default__hash_pii(expr) -%}
    sha2({{ pii_normalized(expr) }}, 256)
{%- endmacro %}

{% macro duckdb__hash_pii(expr) -%}
    sha256({{ pii_normalized(expr) }})
{%- endmacro %}

{# A SQL string literal (single quotes doubled). #}
{% macro string_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}
