{#
  safe_divide(numerator, denominator): numerator / denominator as a double, or NULL when the
  denominator is zero or NULL (never a division-by-zero error).
#}
{% macro safe_divide(numerator, denominator) -%}
    case
        when ({{ denominator }}) is null or ({{ denominator }}) = 0 then null
        else cast({{ numerator }} as double) / ({{ denominator }})
    end
{%- endmacro %}
