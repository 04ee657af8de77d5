#!/usr/bin/env bash
# Runs every test in FastMesos.sln: installs what the tests need, restores, builds in Release and
# runs `dotnet test`. The last line it prints is the total over all test projects:
#   Total: N passed, N failed, N skipped
# It exits non-zero when a test failed, a test run broke, or no test ran at all.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages that tests start for real (DESIGN.md §7), as "file-that-proves-it:package".
# A package is installed when its file is missing and the script runs as root; otherwise the
# missing package is named and the tests that need it fail with their own message.
# Entries look like /usr/share/java/zookeeper.jar:zookeeper  /usr/sbin/dockerd:docker.io  /usr/bin/chromium:chromium
# zookeeper: FastMesos.Coordination.Tests start a real ZooKeeper 3.8 server.
required_packages=(/usr/share/java/zookeeper.jar:zookeeper)

install_deps() {
    local entry missing=()
    for entry in "${required_packages[@]}"; do
        [[ -e ${entry%%:*} ]] || missing+=("${entry#*:}")
    done
    ((${#missing[@]} == 0)) && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "Installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
        echo "warning: not root, so not installing ${missing[*]}; tests that need them will fail" >&2
    fi
}

# Adds up the <Counters .../> element of every TRX file under $1 and prints "passed failed skipped".
# A skipped test is one that was counted but not executed.
count_results() {
    find "$1" -name '*.trx' -exec cat {} + 2>/dev/null | awk '
        /<Counters / {
            for (i = 1; i <= NF; i++) {
                if (split($i, kv, "=") == 2) { gsub(/[^0-9]/, "", kv[2]); c[kv[1]] += kv[2] }
            }
        }
        END {
            printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["total"] - c["executed"]
        }'
}

if [[ ! -f FastMesos.sln ]]; then
    echo "error: no FastMesos.sln in $root" >&2
    exit 1
fi

install_deps
dotnet restore FastMesos.sln
dotnet build FastMesos.sln -c Release --no-restore

results="$root/TestResults/test.sh"
rm -rf "$results"
# The default TRX names carry a timestamp and get a "[n]" suffix on collision, so parallel test
# projects never overwrite each other's file. A test host that hangs is killed after 20 minutes.
set +e
# One test project at a time (-m:1): tests that measure the process (idle memory, throughput)
# must not share the two cores with another project's test host.
dotnet test FastMesos.sln -c Release --no-build -v minimal -m:1 \
    --logger trx --results-directory "$results" \
    --blame-hang-timeout 20m --blame-hang-dump-type none
test_exit=$?
set -e

read -r passed failed skipped < <(count_results "$results")
status=0
if ((test_exit != 0 && failed == 0)); then
    # A crashed or killed test host reports no failed test; count the broken run as one failure.
    echo "dotnet test exited with code $test_exit but no test reported a failure; counting the broken run as 1 failed"
    failed=1
fi
if ((passed + failed == 0)); then
    echo "No test ran."
    status=1
fi
((failed == 0)) || status=1
# CI shows only the tail of this output, so the names of the failed tests (and the first line of
# their message) are repeated here, just before the total.
if ((failed > 0)); then
    echo "Failed tests:"
    find "$results" -name '*.trx' -exec python3 "$root/tests/failed-tests.py" {} + || true
fi
echo "Total: $passed passed, $failed failed, $skipped skipped"
exit "$status"
