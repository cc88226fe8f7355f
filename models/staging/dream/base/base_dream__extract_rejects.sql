{{ config(materialized='view') }}
{#-
  Lines of the extract file that do not fit its header (source dream.extract_rejects):
  line_number, error_type, csv_line, error_message, delimiter. The one model that reads
  that source; stg_dream__quarantine turns each line into a quarantine row.
-#}
with rejects as (
    select * from {{ source('dream', 'extract_rejects') }}
),

final as (
    select
        line_number,
        error_type,
        csv_line,
        error_message,
        delimiter
    from rejects
)

select * from final
