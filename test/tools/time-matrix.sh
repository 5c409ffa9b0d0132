#!/usr/bin/env bash
# The date-sensitive test files at risky instants (issue 10: the suite passed or
# failed by the hour). For each instant the files run with the tests' pinned clock
# there (TEST_NOW, test/support/clock.ts) AND under a faked wall clock at the same
# instant (Debian's faketime), so that anything still reading the wall clock sees
# the risky instant too. TZ=UTC, as on a server: the app must work in Oslo time
# whatever the machine's zone.
#
#   bash test/tools/time-matrix.sh                          # every instant below
#   bash test/tools/time-matrix.sh 2027-01-01T00:30:00+01:00  # just these (Oslo time with offset)
#
# npm test runs it after the whole suite. Exit status 1 when any instant fails.
set -uo pipefail
cd "$(dirname "$0")/../.."

# The files whose outcome can depend on the date or the hour: the calendar, the
# coordinator's and the meeting's flows on the demo data (seeded relative to now:
# today's meeting at 13:00 Oslo, +14 and +28 days), papers deadlines, follow-ups,
# the report's dates, and case codes (numbered per year in Oslo).
FILES=(
  test/domain/calendar.test.ts
  test/app/agenda-papers.test.ts
  test/app/record-routing.test.ts
  test/app/report.test.ts
  test/http/intake-endpoint.test.ts
  test/teams/office-flow.test.ts
  test/teams/meeting-flow.test.ts
  test/security/review-findings.test.ts
  test/teams/coordinator-flow.test.ts
  test/local/demo-seed.test.ts
)

# Oslo time with its offset | why it is risky.
INSTANTS=(
  "2026-12-10T11:00:00+01:00|weekday morning (Thursday 10:00Z): today's demo meeting at 13:00, its papers late"
  "2026-12-04T11:30:00+01:00|Friday before the 12:00 submission cut-off; a fortnightly series from +7 days hits Christmas Day"
  "2026-12-04T13:30:00+01:00|Friday after 12:00; today's 13:00 meeting has begun (12:30Z sorts before 13:00+01:00 as text)"
  "2026-12-15T00:30:00+01:00|00:30 in winter: Oslo on Tuesday the 15th, UTC still on Monday the 14th"
  "2027-06-16T00:30:00+02:00|00:30 in summer: Oslo on the 16th, UTC still on the 15th (22:30Z)"
  "2027-03-28T00:30:00+01:00|the night to summer time (Easter Sunday), before the change: UTC still on Saturday"
  "2027-03-28T03:30:00+02:00|the night to summer time, just after 02:00 became 03:00"
  "2026-10-25T01:30:00+02:00|the night to winter time, before the change: UTC still on Saturday"
  "2026-10-25T02:30:00+01:00|the night to winter time, the repeated hour the second time (01:30Z)"
  "2026-12-31T23:30:00+01:00|New Year's Eve 23:30 in Oslo (22:30Z): still 2026 everywhere"
  "2027-01-01T00:30:00+01:00|New Year's night 00:30 in Oslo: 2027 in Oslo, 2026 in UTC (23:30Z)"
  "2028-02-29T00:30:00+01:00|29 February 2028 in Oslo, still the 28th in UTC"
)

if [ $# -gt 0 ]; then
  INSTANTS=()
  for a in "$@"; do INSTANTS+=("$a|given on the command line"); done
fi

if ! command -v faketime >/dev/null 2>&1; then
  echo "time-matrix: needs faketime (Debian package faketime; bash test/tools/ensure-system-deps.sh installs it)" >&2
  exit 1
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/komitebot-time-matrix.XXXXXX")
# Instants run JOBS at a time (default 3): each run waits on timers and I/O much of the time, so a few at once
# finish sooner on two cores than one after another. MATRIX_JOBS=1 runs them one by one.
JOBS=${MATRIX_JOBS:-3}
started_all=$SECONDS
echo "Time matrix: ${#FILES[@]} date-sensitive files at ${#INSTANTS[@]} instants, $JOBS at a time (logs in $logs)"

run_instant() { # index oslo
  local i=$1 oslo=$2 utc t0 rc
  utc=$(date -u -d "$oslo" '+%Y-%m-%d %H:%M:%S')
  t0=$SECONDS
  # Modules are shared between the files of one run (--no-isolate): about half the time, and each file still has its own app, store and clock.
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 NO_COLOR=1 faketime -f "@$utc" \
    env TEST_NOW="$oslo" npx vitest run --no-isolate "${FILES[@]}" >"$logs/$i.log" 2>&1
  rc=$?
  echo "$rc $((SECONDS - t0))" >"$logs/$i.rc"
}

for i in "${!INSTANTS[@]}"; do
  oslo=${INSTANTS[$i]%%|*}
  date -u -d "$oslo" >/dev/null 2>&1 || { echo "time-matrix: not an instant: $oslo" >&2; exit 1; }
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run_instant "$i" "$oslo" &
done
wait

summary=()
failed=0
for i in "${!INSTANTS[@]}"; do
  entry=${INSTANTS[$i]}
  oslo=${entry%%|*}
  why=${entry#*|}
  utc=$(date -u -d "$oslo" '+%Y-%m-%d %H:%M:%S')
  local_seen=$(TZ=Europe/Oslo date -d "$oslo" '+%a %Y-%m-%d %H:%M %Z')
  log="$logs/$i.log"
  read -r rc took <"$logs/$i.rc"
  echo
  echo "── $local_seen (${utc}Z): $why"
  tests=$(grep -E '^ +Tests ' "$log" | tail -1 | sed -E 's/^ +Tests +//')
  if [ "$rc" -eq 0 ]; then
    result="passed"
  else
    result="FAILED"
    failed=$((failed + 1))
    # What failed, and why.
    grep -E '^ *(×|FAIL |AssertionError|Error:|  [-+] |❯ test/.*:[0-9]+)' "$log" | head -40
  fi
  echo "   $result: ${tests:-no test summary (see $log)} in ${took}s"
  summary+=("$(printf '%-6s  %-28s  %-19s  %4ss  %s' "$result" "$local_seen" "${utc}Z" "$took" "${tests:-?}")")
done

echo
echo "Time matrix summary (Oslo time, UTC, duration, tests):"
for line in "${summary[@]}"; do echo "  $line"; done
echo "  total $((SECONDS - started_all))s; $failed of ${#INSTANTS[@]} instants failed"
[ $failed -eq 0 ] || { echo "Logs: $logs" >&2; exit 1; }
rm -rf "$logs"
