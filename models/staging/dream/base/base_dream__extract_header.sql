{#-
  The extract's header as found: one row per column. Built from the warehouse's own
  description of the extract (base_dream__extract), so a new extract with other weeks needs
  no code change.
-#}
{%- set extract = ref('base_dream__extract') -%}

with header as (
    {{ dream_extract_header_sql(extract) }}
),

final as (
    select
        column_position,
        column_name
    from header
)

select * from final
