#!/usr/bin/env bash
# The allocation gate. Runs every scenario of bench/allocation-budgets.json (or the file given as
# $1) as `./fastmesos sim alloc <args> --json`, prints the JSON line each run ends with and compares
# its allocated_bytes_per_cycle with the scenario's budget. A scenario whose name starts with
# WARN-ON-FAIL_ only warns when over budget; a run that fails or prints no valid JSON always fails.
# Ends with a table and the line "Budgets: N passed, N failed"; exits 1 when a scenario failed.
# ALLOC_SCENARIO_TIMEOUT (default 15m) bounds each run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
budgets=${1:-bench/allocation-budgets.json}
timeout_after=${ALLOC_SCENARIO_TIMEOUT:-15m}

if ! command -v python3 >/dev/null; then
    echo "error: python3 is needed to read $budgets (apt-get install -y python3)" >&2
    exit 1
fi

# One scenario per line: name, budget and args, separated by tabs.
listing=$(python3 - "$budgets" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    scenarios = json.load(f)["scenarios"]
if not scenarios:
    sys.exit(f"{sys.argv[1]}: no scenarios")
for s in scenarios:
    name, args, budget = s["name"], s["args"], s["max_allocated_bytes_per_cycle"]
    if not name or "\t" in name + args or isinstance(budget, bool) or not isinstance(budget, (int, float)):
        sys.exit(f"{sys.argv[1]}: bad scenario {s!r}")
    print(f"{name}\t{budget}\t{args}")
PY
)
mapfile -t scenarios <<<"$listing"

# Reads the run's last stdout line from stdin and prints the table row fields, tab-separated:
# verdict, allocated, median ms, p99 ms, gen0. Verdict: ok, OVER (fails), WARN (over, warn-only)
# or BROKEN (not the expected JSON object).
evaluate() {
    python3 -c '
import json, sys
budget, warn_only = float(sys.argv[1]), sys.argv[2] == "1"
required = ("scenario", "agents", "frameworks", "roles", "phase", "cycles", "offers_per_cycle",
            "cycle_ms_median", "cycle_ms_p99", "allocated_bytes_per_cycle", "gen0_collections")
try:
    r = json.loads(sys.stdin.read())
    missing = [k for k in required if k not in r]
    if missing:
        raise ValueError("missing " + ", ".join(missing))
    allocated = float(r["allocated_bytes_per_cycle"])
except Exception as e:
    print(f"the last line is not the simulator JSON ({e})", file=sys.stderr)
    print("BROKEN\t-\t-\t-\t-")
    sys.exit()
verdict = "ok" if allocated <= budget else ("WARN" if warn_only else "OVER")
fields = ("allocated_bytes_per_cycle", "cycle_ms_median", "cycle_ms_p99", "gen0_collections")
print("\t".join([verdict] + [str(r[k]) for k in fields]))
' "$1" "$2"
}

# Aligns tab-separated columns; plain tabs where column(1) is missing.
tabulate() {
    if command -v column >/dev/null; then column -t -s $'\t'; else cat; fi
}

rows=()
passed=0
failed=0
if ! ./fastmesos build; then
    echo "The simulator does not build; every scenario fails."
    for scenario in "${scenarios[@]}"; do
        IFS=$'\t' read -r name budget _ <<<"$scenario"
        rows+=("$name"$'\t'"$budget"$'\t-\t-\t-\t-\tNOT BUILT')
        failed=$((failed + 1))
    done
else
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    for scenario in "${scenarios[@]}"; do
        IFS=$'\t' read -r name budget args <<<"$scenario"
        read -r -a argv <<<"$args"
        warn_only=0
        [[ $name == WARN-ON-FAIL_* ]] && warn_only=1
        echo "== $name: ./fastmesos sim alloc $args --json"
        if timeout "$timeout_after" ./fastmesos sim alloc "${argv[@]}" --json >"$out"; then
            line=$(tail -n 1 "$out")
            echo "$line"
            IFS=$'\t' read -r verdict allocated median p99 gen0 < <(evaluate "$budget" "$warn_only" <<<"$line")
        else
            code=$?
            echo "the simulator exited with code $code; its output:"
            cat "$out"
            verdict=FAILED allocated=- median=- p99=- gen0=-
        fi
        case $verdict in
            ok | WARN) passed=$((passed + 1)) ;;
            *) failed=$((failed + 1)) ;;
        esac
        [[ $verdict == WARN ]] && echo "warning: $name allocates $allocated bytes per cycle, over its budget of $budget"
        rows+=("$name"$'\t'"$budget"$'\t'"$allocated"$'\t'"$median"$'\t'"$p99"$'\t'"$gen0"$'\t'"$verdict")
    done
fi

echo
echo "== Allocation budgets ($budgets)"
{
    printf 'scenario\tbudget B/cycle\tallocated B/cycle\tmedian ms\tp99 ms\tgen0\tresult\n'
    for row in "${rows[@]}"; do printf '%s\n' "$row"; done
} | tabulate
echo "Budgets: $passed passed, $failed failed"
((failed == 0))
