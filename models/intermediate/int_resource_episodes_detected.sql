{#-
  The four-week rule (spec §3.1-3.3), in this one model.

  Resource weeks (a ressourceforløb code) are numbered into episodes per person:
  a new episode starts when the previous resource week lies more than
  episode_gap_weeks weeks back, i.e. after a run of at least episode_gap_weeks
  weeks without a resource code. An episode is ended when the episode_gap_weeks
  weeks after its last resource week are all observed within the history
  (base_dream__weeks.is_observed and is_in_history: read, and in the extract; a week column
  missing from the extract is not observed; the weeks read after the history, for the
  outcomes' statuses, end no episode); the latest
  ended episode per person whose end lies in the analysis window is flagged.
-#}
{%- set gap_weeks = var('episode_gap_weeks') | int -%}

with benefit_weeks as (
    select * from {{ ref('stg_dream__benefit_weeks') }}
),

benefit_codes as (
    select * from {{ ref('dream_benefit_codes') }}
),

weeks as (
    select * from {{ ref('base_dream__weeks') }}
),

resource_weeks as (
    select
        benefit_weeks.person_id,
        benefit_weeks.week_index,
        weeks.week_start
    from benefit_weeks
    inner join benefit_codes
        on benefit_weeks.benefit_code = benefit_codes.benefit_code
    inner join weeks
        on benefit_weeks.week_index = weeks.week_index
    where benefit_codes.is_resource_programme and weeks.is_in_history
),

gaps as (
    select
        person_id,
        week_index,
        week_start,
        week_index - lag(week_index) over (
            partition by person_id order by week_index
        ) as weeks_since_previous
    from resource_weeks
),

numbered as (
    select
        person_id,
        week_index,
        week_start,
        sum(case when weeks_since_previous is null or weeks_since_previous > {{ gap_weeks }} then 1 else 0 end)
            over (partition by person_id order by week_index rows between unbounded preceding and current row)
            as episode_number
    from gaps
),

episodes as (
    select
        person_id,
        episode_number,
        min(week_index) as start_week_index,
        max(week_index) as end_week_index,
        min(week_start) as start_date,
        max(week_start) as end_date,
        count(*) as resource_weeks
    from numbered
    group by person_id, episode_number
),

followed as (
    {#- how many of the gap weeks after each episode's last resource week are observed #}
    select
        episodes.person_id,
        episodes.episode_number,
        count(*) as gap_weeks_observed
    from episodes
    inner join weeks
        on weeks.week_index between episodes.end_week_index + 1 and episodes.end_week_index + {{ gap_weeks }}
    where weeks.is_observed and weeks.is_in_history
    group by episodes.person_id, episodes.episode_number
),

judged as (
    select
        episodes.person_id,
        episodes.episode_number,
        episodes.start_week_index,
        episodes.end_week_index,
        episodes.start_date,
        episodes.end_date,
        episodes.resource_weeks,
        coalesce(followed.gap_weeks_observed, 0) = {{ gap_weeks }} as is_ended,
        end_weeks.is_in_window as is_end_in_window
    from episodes
    inner join weeks as end_weeks
        on episodes.end_week_index = end_weeks.week_index
    left join followed
        on
            episodes.person_id = followed.person_id
            and episodes.episode_number = followed.episode_number
),

ranked as (
    select
        person_id,
        episode_number,
        start_week_index,
        end_week_index,
        start_date,
        end_date,
        resource_weeks,
        is_ended,
        is_end_in_window,
        row_number() over (
            partition by person_id, is_ended and is_end_in_window
            order by end_week_index desc
        ) as recency_rank
    from judged
),

final as (
    select
        person_id,
        episode_number,
        start_week_index,
        end_week_index,
        start_date,
        end_date,
        resource_weeks,
        is_ended,
        is_end_in_window,
        is_ended and is_end_in_window and recency_rank = 1 as is_latest_ended_in_window
    from ranked
)

select * from final
