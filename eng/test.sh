#!/usr/bin/env bash
# Runs every test of the solution (unit, conformance, integration) and ends with one line "N passed, N failed".
# Integration tests start their own servers (docker-registry, SoftHSM2, Signet) on 127.0.0.1; eng/install-deps.sh
# installs the Debian packages they need. Exit code is non-zero on any failed or skipped test.
set -uo pipefail
cd "$(dirname "$0")/.."
results="${SIGNET_TEST_RESULTS:-$PWD/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Signet.slnx -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# Style is part of the build contract (conventions: CI runs dotnet format --verify-no-changes).
format_exit=0
dotnet format Signet.slnx --verify-no-changes --no-restore || format_exit=$?

dotnet test Signet.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
test_exit=$?

python3 - "$results" "$test_exit" "$format_exit" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    root = ET.parse(f).getroot()
    c = root.find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0)) + int(c.get("inconclusive", 0))
    for r in root.iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") not in ("Passed", "Failed"):
            print(f"not run: {r.get('testName')} ({r.get('outcome')})")
test_exit = int(sys.argv[2])
if int(sys.argv[3]) != 0:
    print("dotnet format --verify-no-changes found files to fix: run 'dotnet format Signet.slnx'")
    failed += 1
if not files:
    print("no test results were written")
    failed += 1
if test_exit != 0 and failed == 0:
    # The runner failed without a failed test (a crashed test host): count it, never report green.
    print(f"dotnet test exited with {test_exit}")
    failed += 1
if passed == 0:
    print("no test passed: a run that tests nothing is a failure")
    failed += 1
# A skipped test proves nothing: it counts as a failure here.
failed += skipped
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
