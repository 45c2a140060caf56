#!/bin/sh
# The GUI's own measurements keep working (issue: performance): on a small
# sample desk, KEFU_PROFILE prints the steps of start-up and the first frame,
# --profile-signed-in the ticket list's first frame, and --profile-scroll /
# --profile-scroll-floor scroll (jumps, then a wheel) and print their
# percentiles. Never a time limit: speed is judged by full runs.
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

# the first frame of the ticket list, signed in with the sample's PIN
KEFU_PROFILE=quit timeout 120 "$kefu" --db "$tmp/kefu.db" --profile-signed-in >"$tmp/list.txt" 2>/dev/null ||
  fail "--profile-signed-in did not exit cleanly"
cat "$tmp/list.txt"
grep -q "^kefu: first frame [0-9]* ms after the process started (CPU [0-9]* ms) (the ticket list, signed in)$" "$tmp/list.txt" ||
  fail "--profile-signed-in printed no first frame of the ticket list"

# both scrolls, the list's and the floor's, each a jump and a wheel scroll
for mode in scroll scroll-floor; do
  KEFU_PROFILE_FRAMES=20 KEFU_PROFILE_WHEEL_FRAMES=20 timeout 120 "$kefu" --db "$tmp/kefu.db" --profile-$mode >"$tmp/$mode.txt" 2>/dev/null ||
    fail "--profile-$mode failed"
  cat "$tmp/$mode.txt"
  grep -q "^kefu: .*: 3000 rows with Gsk" "$tmp/$mode.txt" || fail "--profile-$mode did not scroll the 3000 tickets"
  for kind in "jump scroll (steps of more than a page)" "wheel scroll (3 rows a frame)"; do
    line=$(grep -F "kefu: $kind: " "$tmp/$mode.txt") || fail "--profile-$mode: no $kind"
    echo "$line" | grep -q "frames, frame work p50 [0-9.]* ms  p95 [0-9.]* ms .* [0-9]*% within 16.7 ms" ||
      fail "--profile-$mode: no percentiles for the $kind"
    frames=$(echo "$line" | sed -n 's/.*: \([0-9]*\) frames,.*/\1/p')
    [ "$frames" -ge 10 ] || fail "--profile-$mode: only $frames frames of $kind"
  done
done
grep -q "^kefu: the floor: 3000 rows of the ticket list read into memory, shown in [0-9]* columns" "$tmp/scroll-floor.txt" ||
  fail "the floor did not read the list's rows"
echo "ok"
