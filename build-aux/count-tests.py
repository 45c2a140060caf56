#!/usr/bin/python3
"""Count individual test cases in a meson testlog.json.

Usage: count-tests.py [--runner-status N] [TESTLOG...]   (default _build/meson-logs/testlog.json)

Several testlogs (e.g. _build's and _build-fuzz's) are counted together.

meson writes one JSON object per line, one per registered test, with at
least the keys "name", "result" and (when captured) "stdout".  The GTest
programs run with --tap and protocol: 'tap', so their stdout holds one
"ok N /path" or "not ok N /path" line per test case:

  * "ok ..." counts as passed, "ok ... # SKIP ..." as skipped;
  * "not ok ..." counts as failed ("not ok ... # TODO ..." as skipped:
    g_test_incomplete());
  * a test whose result is a failure but that printed no "not ok" line
    (it crashed, timed out or bailed out mid-run) counts one more failure;
  * a test without TAP lines counts as one case from its result.

Names of failed cases go to stderr.  The last line printed (to stdout) is
"N passed, M failed", followed by ", K skipped" when K > 0.
Exit status: 0 when M == 0, 1 otherwise.

--runner-status N: exit status of `meson test`; when it is non-zero and no
failure was counted otherwise, one failure is counted for the runner itself
so that the summary line never contradicts the outcome.
"""

import json
import re
import sys

OK_RE = re.compile(r"^ok(?:\s|$)")
NOT_OK_RE = re.compile(r"^not ok(?:\s|$)")
SKIP_RE = re.compile(r"#\s*skip", re.IGNORECASE)
TODO_RE = re.compile(r"#\s*todo", re.IGNORECASE)

FAIL_RESULTS = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS", "INTERRUPT"}
SKIP_RESULTS = {"SKIP"}


def read_logs(paths, failures):
    """(path, line number, line) of every testlog; unreadable ones are failures."""
    for path in paths:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.readlines()
        except OSError as e:
            failures.append(f"cannot read {path}: {e.strerror} (did `meson test` run?)")
            yield path, 0, None
            continue
        for lineno, raw in enumerate(lines, 1):
            yield path, lineno, raw


def count(paths, runner_status):
    passed = failed = skipped = 0
    failures = []

    for path, lineno, raw in read_logs(paths, failures):
        if raw is None:
            failed += 1
            continue
        raw = raw.strip()
        if not raw:
            continue
        try:
            entry = json.loads(raw)
        except ValueError:
            failures.append(f"{path}:{lineno}: unparsable line")
            failed += 1
            continue

        name = entry.get("name") or "?"
        result = str(entry.get("result") or "").upper()
        stdout = entry.get("stdout") or ""
        test_failed = result in FAIL_RESULTS

        tap_seen = False
        not_ok_seen = False
        last_case = None
        for line in stdout.splitlines():
            if OK_RE.match(line):
                tap_seen = True
                last_case = line
                if SKIP_RE.search(line):
                    skipped += 1
                else:
                    passed += 1
            elif NOT_OK_RE.match(line):
                tap_seen = True
                last_case = line
                if TODO_RE.search(line) or SKIP_RE.search(line):
                    skipped += 1
                else:
                    failed += 1
                    not_ok_seen = True
                    failures.append(f"{name}: {line.strip()}")

        if tap_seen:
            if test_failed and not not_ok_seen:
                failed += 1
                after = f" after '{last_case.strip()}'" if last_case else ""
                failures.append(f"{name}: {result} with no failed case reported"
                                f" (crash or timeout{after})")
        elif test_failed:
            failed += 1
            failures.append(f"{name}: {result}")
        elif result in SKIP_RESULTS:
            skipped += 1
        else:
            passed += 1

    if runner_status and failed == 0:
        failed += 1
        failures.append(f"meson test exited with status {runner_status}")

    for f in failures:
        print(f"FAILED: {f}", file=sys.stderr)
    sys.stderr.flush()

    summary = f"{passed} passed, {failed} failed"
    if skipped:
        summary += f", {skipped} skipped"
    print(summary)
    sys.stdout.flush()
    return 1 if failed else 0


def main(argv):
    runner_status = 0
    args = []
    it = iter(argv)
    for a in it:
        if a == "--runner-status":
            try:
                runner_status = int(next(it))
            except (StopIteration, ValueError):
                print("count-tests.py: --runner-status needs a number", file=sys.stderr)
                return 2
        elif a.startswith("--runner-status="):
            runner_status = int(a.split("=", 1)[1])
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
    return count(args or ["_build/meson-logs/testlog.json"], runner_status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
