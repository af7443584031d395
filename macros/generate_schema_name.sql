{#
  Environment-aware schema routing (dbt's generate_schema_name override).

  * Targets listed in the project var `prod_targets` (default: prod, snowflake_test and the demo's
    `local` DuckDB target) write each model's custom schema AS IS: staging, intermediate, marts,
    reference. Nodes without a custom schema land in the target's schema.
  * Every other target (e.g. `dev`) writes `sandbox_<user>_<schema>`, so a developer never overwrites
    a production schema. <user> is $OPP_USER, else $USER, else `dev`, lower-cased, with characters
    other than letters, digits and underscores turned into underscores.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prod_targets = var('prod_targets', ['prod']) -%}
    {%- if target.name in prod_targets -%}
        {%- if custom_schema_name is none -%}
            {{ target.schema }}
        {%- else -%}
            {{ custom_schema_name | trim }}
        {%- endif -%}
    {%- else -%}
        {%- set sandbox = 'sandbox_' ~ sandbox_user() -%}
        {%- if custom_schema_name is none -%}
            {{ sandbox }}
        {%- else -%}
            {{ sandbox }}_{{ custom_schema_name | trim }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro sandbox_user() -%}
    {%- set user = env_var('OPP_USER', env_var('USER', 'dev')) | lower -%}
    {{- modules.re.sub('[^a-z0-9_]', '_', user) -}}
{%- endmacro %}
