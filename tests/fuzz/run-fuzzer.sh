#!/usr/bin/env bash
# run-fuzzer.sh — a bounded libFuzzer run of one Kefu fuzz target
#
# Usage: run-fuzzer.sh FUZZER NAME SOURCE_DIR BUILD_DIR
#
# Runs FUZZER for KEFU_FUZZ_SECONDS seconds (10 by default) from the seed
# corpus SOURCE_DIR/corpus/NAME, then prints one line:
#   fuzz NAME: N executions in S s, corpus C inputs, no crash
# A crash, sanitizer report, leak, timeout or out-of-memory fails the test;
# the input is saved under BUILD_DIR/artifacts/NAME/ and its path printed.
# Copy it to SOURCE_DIR/regressions/NAME/ (test-fuzz-replay runs it from
# then on) and fix the cause.
#
# With KEFU_FUZZ_KEEP=1 (build-aux/kefu fuzz) the inputs a run finds are kept
# in BUILD_DIR/corpus/NAME and the next run starts from them too; otherwise
# (build-aux/kefu test) each run starts from the seeds alone, in a scratch
# folder, so that it does not depend on what earlier runs left.
set -uo pipefail

fuzzer=${1:?fuzzer expected}
name=${2:?target name expected}
src=${3:?source dir expected}
build=${4:?build dir expected}
seconds=${KEFU_FUZZ_SECONDS:-10}

seeds=$src/corpus/$name
artifacts=$build/artifacts/$name
log=$build/fuzz-$name.log
if [[ ${KEFU_FUZZ_KEEP:-} == 1 ]]; then
  corpus=$build/corpus/$name
else
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
fi
mkdir -p "$corpus" "$artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:print_summary=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_summary=1:print_stacktrace=1}

stamp=$build/fuzz-$name.started
touch "$stamp"
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$artifacts/" \
  "$corpus" "$seeds" >"$log" 2>&1 || status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
inputs=$(find "$corpus" -type f | wc -l)
if ((status != 0)); then
  # what the sanitizer or libFuzzer said, without the corpus-loading chatter
  grep -v '^#[0-9]\|^INFO:\|^MERGE\|^Loaded\|^Running:' "$log" | tail -n 80
  echo "fuzz $name: FAILED (exit status $status) after ${execs:-?} executions; full log: $log"
  find "$artifacts" -type f -newer "$stamp" | while read -r f; do
    echo "fuzz $name: the input is $f (copy it to $src/regressions/$name/)"
  done
  exit 1
fi
echo "fuzz $name: ${execs:-?} executions in $seconds s, corpus $inputs inputs, no crash"
