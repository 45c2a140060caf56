#!/usr/bin/env bash
# Runs inside `xvfb-run dbus-run-session` (see build-aux/kefu test):
# starts a mocked notification daemon on the private session bus, waits for
# it, then runs the meson test suite of build directory $1.
#
# Usage: build-aux/kefu-test-session.sh BUILDDIR [MESON_TEST_ARGS...]
set -uo pipefail

dir=${1:?build directory expected}
shift

logdir=$dir/meson-logs
mkdir -p "$logdir"

/usr/bin/python3 -m dbusmock --session --template notification_daemon \
  --logfile "$logdir/notification-daemon-calls.log" \
  >"$logdir/notification-daemon.log" 2>&1 &
mock_pid=$!

stop_mock() {
  kill "$mock_pid" 2>/dev/null
  wait "$mock_pid" 2>/dev/null
}
trap stop_mock EXIT

has_owner() {
  gdbus call --session --dest org.freedesktop.DBus \
    --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications \
    2>/dev/null | grep -q true
}

ready=0
for _ in $(seq 1 200); do # up to 20 s
  if has_owner; then
    ready=1
    break
  fi
  if ! kill -0 "$mock_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if ((!ready)); then
  echo "kefu-test-session: the mock notification daemon did not start:" >&2
  cat "$logdir/notification-daemon.log" >&2
  exit 1
fi

meson test -C "$dir" --print-errorlogs --num-processes 2 "$@"
