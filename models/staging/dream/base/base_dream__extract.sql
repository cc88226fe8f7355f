{{ config(materialized='view') }}
{#-
  The raw extract as delivered (source dream.extract), one wide row per person: the one
  model that reads the source, so every other model reads the extract through it. A view,
  never a copy: the register is read where it lies (a file on DuckDB and Spark, the loaded
  table on PostgreSQL), and each model reads only the columns it names. Every column as
  delivered, so its select is `select *` (sqlfluff AM04 waived: the width is the extract's).
-#}
with extract as (
    select * from {{ source('dream', 'extract') }}
),

final as (
    select * from extract
)

select * from final  -- noqa: AM04
