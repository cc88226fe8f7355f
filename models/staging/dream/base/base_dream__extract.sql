{{ config(materialized='view') }}
{#-
  The raw extract as delivered (source dream.extract), one wide row per person: the one
  model that reads the source, so every other model reads the extract through it. A view,
  never a copy: the register is read where it lies (a file on DuckDB and Spark, the loaded
  table on PostgreSQL), and each model reads only the columns it names.
-#}
with extract as (
    select * from {{ source('dream', 'extract') }}
),

final as (
    {#- every column as delivered: the extract's width is the data's, never listed here #}
    select * from extract  -- noqa: AM04
)

select * from final
