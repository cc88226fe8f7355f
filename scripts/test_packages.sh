#!/usr/bin/env bash
# Sourced by scripts/test.sh and scripts/test_bi.sh: installs the Debian packages the tests drive
# when they are missing — Chromium (headless, through Playwright: the report's rendering test and the
# BI dashboard's) and PostgreSQL (the PostgreSQL tests start a server of their own from it).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "test: installing Debian's ${missing[*]} for the tests" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
