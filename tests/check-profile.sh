#!/bin/sh
# The GUI's own measurements keep working (issue: performance): on a small
# sample desk, KEFU_PROFILE prints the steps of start-up and the first frame,
# and --profile-scroll / --profile-scroll-floor scroll to the bottom and
# print their percentiles. Never a time limit: speed is judged by full runs.
# Usage: check-profile.sh KEFU KEFU_CLI
set -eu
kefu=$1
cli=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the app backs up at start: into the temporary folder, not the tester's home
export XDG_DATA_HOME="$tmp/data"

"$cli" --db "$tmp/kefu.db" init --demo 3000 --seed 5 >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }

KEFU_PROFILE=quit timeout 120 "$kefu" --db "$tmp/kefu.db" >"$tmp/start.txt" 2>/dev/null || fail "KEFU_PROFILE=quit did not exit cleanly"
cat "$tmp/start.txt"
for step in "store opened" "window presented" "first frame"; do
  grep -q "^kefu: $step [0-9]* ms after the process started (CPU [0-9]* ms)" "$tmp/start.txt" || fail "no '$step' line"
done

# the floor Kefu's first frame is compared with: a bare libadwaita window
timeout 120 "$kefu" --db "$tmp/kefu.db" --profile-first-frame-floor >"$tmp/bare.txt" 2>/dev/null || fail "--profile-first-frame-floor failed"
cat "$tmp/bare.txt"
grep -q "^kefu: first frame [0-9]* ms after the process started (CPU [0-9]* ms) (a bare libadwaita window)$" "$tmp/bare.txt" ||
  fail "--profile-first-frame-floor printed no first frame"

KEFU_PROFILE_FRAMES=20 timeout 120 "$kefu" --db "$tmp/kefu.db" --profile-scroll >"$tmp/scroll.txt" 2>/dev/null || fail "--profile-scroll failed"
cat "$tmp/scroll.txt"
grep -q "^kefu: the ticket list: scrolled 3000 rows in [0-9]* frames with Gsk" "$tmp/scroll.txt" || fail "--profile-scroll did not scroll the 3000 tickets"
grep -q "^kefu: frame work   p50 [0-9.]* ms  p95 [0-9.]* ms" "$tmp/scroll.txt" || fail "no frame work percentiles"
frames=$(sed -n 's/.* in \([0-9]*\) frames.*/\1/p' "$tmp/scroll.txt")
[ "$frames" -ge 10 ] || fail "only $frames frames"

KEFU_PROFILE_FRAMES=20 timeout 120 "$kefu" --db "$tmp/kefu.db" --profile-scroll-floor >"$tmp/floor.txt" 2>/dev/null || fail "--profile-scroll-floor failed"
cat "$tmp/floor.txt"
grep -q "^kefu: a bare GtkColumnView: scrolled 1000000 rows in [0-9]* frames" "$tmp/floor.txt" || fail "the floor did not scroll its million rows"
echo "ok"
