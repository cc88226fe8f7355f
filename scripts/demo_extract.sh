#!/usr/bin/env bash
# Sourced by scripts/demo.sh and scripts/slim_ci.sh: sets demo_extract to the demo extract,
# the calibrated national scenario (reproduces the published analysis, plants creaming),
# 20,000 persons, full DREAM width; generated once and cached under a name that carries its
# parameters and the scenario's version.
#
# demo_vintage (set before sourcing; default 2017-01) picks the cut: 2017-01 is the January 2017
# delivery (last week 2016-W39), 2017-09 and 2018-01 the later deliveries of the same register
# continued (python -m dream_outcomes.vintages table); their truth files use the vintage's window.
demo_vintage="${demo_vintage:-2017-01}"
if [ "$demo_vintage" = "2017-01" ]; then
    demo_dir="data/demo/agenda2017-v2-p20000-s2017-2016W39"
    demo_extract="$demo_dir/dream_extract.csv"
    if [ ! -s "$demo_extract" ] || [ ! -s "$demo_dir/manifest.json" ]; then
        python -m dream_outcomes.generator --scenario agenda2017 --persons 20000 --seed 2017 \
            --first-week 1991-W32 --last-week 2016-W39 --format csv --sep ';' \
            --out "$demo_extract" --truth-dir "$demo_dir"
    fi
else
    demo_last_week="$(python -m dream_outcomes.vintages last-week "$demo_vintage")" || return 2
    demo_dir="data/demo/agenda2017-v2c1-p20000-s2017-${demo_last_week/-/}"
    demo_extract="$demo_dir/dream_extract.csv"
    if [ ! -s "$demo_extract" ] || [ ! -s "$demo_dir/manifest.json" ]; then
        python -m dream_outcomes.generator --scenario agenda2017 --persons 20000 --seed 2017 \
            --first-week 1991-W32 --vintage "$demo_vintage" --format csv --sep ';' \
            --out "$demo_extract" --truth-dir "$demo_dir"
    fi
fi
