#!/usr/bin/env bash
# tests/kefu-pg-cluster.sh — a throwaway PostgreSQL cluster for the tests (#20)
#
#   kefu-pg-cluster.sh start    initdb in a new temporary folder, start the
#                               server on a Unix socket in that folder
#                               (listen_addresses='': no TCP), create the
#                               database kefu_test; prints the folder on the
#                               first line and a libpq connection string on
#                               the second
#   kefu-pg-cluster.sh stop DIR stop that server and remove its folder
#   kefu-pg-cluster.sh halt DIR stop that server (fast: its connections
#                               are ended), keeping its folder
#   kefu-pg-cluster.sh resume DIR
#                               start a halted server again (test-server-ops:
#                               a desk that loses its server)
#
# initdb refuses to run as root: as root, the server runs as the `postgres`
# system user (Debian's postgresql package makes it). Exit status 77 (and
# the reason on standard error) when the cluster cannot be made here: no
# PostgreSQL server programs, or root without a `postgres` user.
set -euo pipefail

find_bindir() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $dir/pg_ctl && -x $dir/initdb ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

# as_server CMD...: CMD as the user the server runs as
as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

skip() {
  echo "kefu-pg-cluster: $*" >&2
  exit 77
}

# pg_ctl start for the cluster in DIR
start_server() {
  local bindir=$1 dir=$2
  # a test server: no TCP, the socket in its folder, no fsync
  as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_preload_libraries=auth_delay -c auth_delay.milliseconds=200" \
      start >/dev/null
}

cmd_halt() {
  local dir=$1 bindir
  bindir=$(find_bindir) || skip "no PostgreSQL server programs"
  as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
}

cmd_resume() {
  local dir=$1 bindir
  bindir=$(find_bindir) || skip "no PostgreSQL server programs"
  start_server "$bindir" "$dir"
}

cmd_start() {
  local bindir dir
  bindir=$(find_bindir) ||
    skip "no PostgreSQL server programs (initdb, pg_ctl): install postgresql-15"
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    skip "running as root and there is no 'postgres' user to run the server as"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/kefu-pg.XXXXXX")
  chmod 700 "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
  fi
  if ! as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    echo "kefu-pg-cluster: initdb failed" >&2
    exit 1
  fi
  # the test harness (postgres) needs no password; every other role signs
  # in with SCRAM, as on a real server (test-server-rights.c); wrong
  # passwords are slowed by auth_delay
  as_server sh -c "printf '%s\n' 'local all postgres trust' 'local all all scram-sha-256' >'$dir/data/pg_hba.conf'"
  if ! start_server "$bindir" "$dir"; then
    cat "$dir/server.log" >&2
    rm -rf "$dir"
    echo "kefu-pg-cluster: the server did not start" >&2
    exit 1
  fi
  if ! "$bindir/psql" -X -q -h "$dir" -U postgres -d postgres -c "CREATE DATABASE kefu_test" >/dev/null; then
    cmd_stop "$dir"
    echo "kefu-pg-cluster: could not create the database kefu_test" >&2
    exit 1
  fi
  echo "$dir"
  echo "host=$dir user=postgres dbname=kefu_test"
}

cmd_stop() {
  local dir=$1 bindir
  [[ -d $dir/data ]] || return 0
  bindir=$(find_bindir) || true
  if [[ -n $bindir ]]; then
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop "${2:?stop needs the folder start printed}" ;;
  halt) cmd_halt "${2:?halt needs the folder start printed}" ;;
  resume) cmd_resume "${2:?resume needs the folder start printed}" ;;
  *)
    echo "usage: $0 start | stop DIR | halt DIR | resume DIR" >&2
    exit 2
    ;;
esac
