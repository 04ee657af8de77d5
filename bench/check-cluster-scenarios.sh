#!/usr/bin/env bash
# The cluster check. Runs a short version of every `sim cluster` scenario (scenario C of
# specs/performance.md §8.2: the real master and simulated agents in separate processes over
# loopback TCP) and of `sim launch` (scenario B: the master's engine with fake peers in process),
# prints the JSON line each run ends with, and checks the machine-independent
# outcomes: every agent registered, none disconnected, every task RUNNING, no status update lost,
# heartbeats seen (as datagrams, with the kernel's arrival stamps), every agent re-registered with a new master and no task lost after the failover
# (the agents' completed tasks rebuilt there),
# the framework offered resources by the new master and its allocator holding what the agents reported,
# every agent and task in the state the master serves, every Marathon instance RUNNING and launched once. Timings are printed, never gated (they depend on the machine and its load).
# Five allocation figures and one heap figure are gated, since they are the same on every machine
# (at the default 1,000 agents): the bytes the master allocates per agent in the register storm
# (master_phase_allocated_mb) must stay within register_bytes_budget, the bytes the master's engine
# allocates per task in `sim launch`
# (master_allocated_bytes_per_task) within launch_bytes_budget, the bytes the new
# master allocates per re-registered agent in the failover phase (master_phase_allocated_mb)
# within failover_bytes_budget, and the bytes Marathon and the master allocate per instance in the
# Marathon deploy's phase (marathon_phase_allocated_mb, master_phase_allocated_mb) within
# marathon_instance_bytes_budget and marathon_master_bytes_budget, and what Marathon's heap grew by
# per instance (marathon_heap_bytes_per_instance) within marathon_heap_bytes_budget, all below.
# Ends with a table and the line "Cluster: N passed, N failed"; exits 1 when a scenario failed.
# CLUSTER_AGENTS (default 1000) sets the scale; CLUSTER_SCENARIO_TIMEOUT (default 3m) bounds each run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
agents=${CLUSTER_AGENTS:-1000}
timeout_after=${CLUSTER_SCENARIO_TIMEOUT:-3m}
# B-1000-10-1000 allocated 951 B per task in the master before perf-reports/2026-12-05-task-bytes.md,
# 512 B after it, 445 B after perf-reports/2026-12-05-task-handles.md and 417 B since equal offers
# share one bag (perf-reports/2026-12-06-failover-ten-runs.md); the budget leaves ~7% for runtime
# updates. Applied only at 1,000 agents (the per-agent share of the figure changes with the scale).
launch_bytes_budget=450
# The register storm: 7,092-7,123 B per agent in the master (ten runs at 1,000 agents: the accepted
# connection and its transport, ~4.5 KB, the agent's records, and the growth of the tables that hold
# them), 6,817-6,822 B since a connection's receive path is one state machine
# (perf-reports/2026-12-08-metrics-census/); the budget sits ~16% above. Applied only at 1,000 agents.
register_bytes_budget=7900
# The failover's new master (10 running and 100 completed tasks per agent) allocated 44,700-45,100 B
# per agent in the phase while it built a record for every reported completed task, 31,400-31,900 B
# since they are built only when read (perf-reports/2026-12-07-recovery-room-and-phase-figures/); the
# budget sits between, ~16% above. Applied only at 1,000 agents.
failover_bytes_budget=37000
# The Marathon deploy (100 apps x 1,000 instances: large enough that the phase's first-call costs
# are a few percent of it) allocated 2,697-2,723 B per instance in Marathon and 1,589-1,592 B per task
# in the master before perf-reports/2026-12-07-store-batches/, 1,784-2,025 B and 811-866 B after it
# (five runs); the budgets sat ~16% and ~21% above the highest. CI's run of 89a7942 allocated 2,269 B
# per instance in Marathon (no warm-up at this shape: 1,348 methods compiled inside the phase, and
# what they allocate with them), 3.5% under 2,350: Marathon's budget is 2,600 since, ~15% above it.
# Applied only at 1,000 agents.
marathon_instance_bytes_budget=2600
marathon_master_bytes_budget=1050
# What Marathon keeps per instance once the same deploy runs (its heap after a full collection, less
# the same before the phase): 760-871 B with 184-byte instances and an int[1] of ports each, 711-913 B
# after (perf-reports/2026-12-07-compact-instances/; 913 in CI's run of 89a7942). At this scale a fixed
# 10 MB decode pool, the caches of the code first run inside the phase (no warm-up at this shape) and
# what is still in flight weigh ~100-200 B per instance and spread the runs by ~25%, too much to hold
# that change (the 1,000 x 1,000 deploy does: 517-568 B before, 416-426 B after). With the instance id
# kept as its UUID (perf-reports/2026-12-07-instance-uuids/) three runs kept 545-696 B here (the 1,000 x
# 1,000 deploy 281-325 B) and CI's runs of 183a4d2 and 6d955d6 641 and 795 B; the budget, 1,200 before,
# sits ~30% above the highest, so a leak of ~250-350 B per instance fails it. Applied only at 1,000 agents.
marathon_heap_bytes_budget=1050

# 1,000 agents need more than the common soft limit of 1,024 descriptors in the master's process:
# raise the soft limit to the hard one (the figures assume 20,000, specs/performance.md §8.1).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "ulimit -n: $(ulimit -n)"

if ! command -v python3 >/dev/null; then
    echo "error: python3 is needed to read the JSON lines (apt-get install -y python3)" >&2
    exit 1
fi

# name<TAB>`sim` command and args. register uses two agent processes so the multi-process path is checked too.
scenarios=(
    "register"$'\t'"cluster --scenario register --agents $agents --agent-processes 2"
    "heartbeats"$'\t'"cluster --scenario heartbeats --agents $agents --seconds 3"
    "launch"$'\t'"cluster --scenario launch --agents $agents"
    "status"$'\t'"cluster --scenario status --agents $agents --updates-per-task 5"
    "failover"$'\t'"cluster --scenario failover --agents $agents --agent-processes 2 --tasks-per-agent 10 --completed-tasks-per-agent 100"
    "state"$'\t'"cluster --scenario state --agents $agents --queries 10"
    "marathon"$'\t'"cluster --scenario marathon --agents $agents --apps 100 --instances 1000"
    "launch-inproc"$'\t'"launch --agents $agents --frameworks 10 --tasks-per-framework 1000"
)

# Reads the run's last stdout line from stdin and prints, tab-separated: verdict, seconds, the
# scenario's rate or latency figure, master CPU s, and the reason when the verdict is not ok.
evaluate() {
    EVAL_LINE=$(cat) python3 - "$1" "$2" "$3" "$4" "$5" "$6" "$7" <<'PY'
import json, os, sys
agents = int(sys.argv[1])
launch_bytes_budget = float(sys.argv[2])
failover_bytes_budget = float(sys.argv[3])
marathon_instance_bytes_budget = float(sys.argv[4])
marathon_master_bytes_budget = float(sys.argv[5])
marathon_heap_bytes_budget = float(sys.argv[6])
register_bytes_budget = float(sys.argv[7])
required = ("scenario", "agents", "transport", "registered", "seconds", "master_cpu_seconds", "master_rss_mb", "ok",
            # where the line comes from (specs/performance.md §8.1, §8.3), which `sim gate` compares by
            "commit", "runtime", "cpu", "cores", "kernel", "fd_limit", "time")
try:
    r = json.loads(os.environ["EVAL_LINE"])
    missing = [k for k in required if k not in r]
    if missing:
        raise ValueError("missing " + ", ".join(missing))
except Exception as e:
    print(f"BROKEN\t-\t-\t-\tthe last line is not the simulator JSON ({e})")
    sys.exit()
problems = []
if r["registered"] != agents:
    problems.append(f"{r['registered']} of {agents} registered")
if r.get("disconnects", 0) != 0:
    problems.append(f"{r['disconnects']} disconnects")
s = r["scenario"]
if s == "heartbeats" and r.get("pings", 0) < agents:
    problems.append(f"only {r.get('pings')} pings")
# The master offers datagram pings by default: in the window every agent's pings came that way.
if s == "heartbeats" and r.get("heartbeat_transport") == "udp" and r.get("datagram_pings", 0) < agents:
    problems.append(f"only {r.get('datagram_pings')} pings came as datagrams")
# ... and the kernel stamped their arrival (SO_TIMESTAMPNS), which arrival_p50/p99 are made of.
if s == "heartbeats" and r.get("heartbeat_transport") == "udp" and not r.get("arrival_p50_ms", 0) > 0:
    problems.append("no datagram ping carried the kernel's arrival stamp")
if s in ("launch", "status", "failover", "state", "marathon", "launch-inproc") and (r.get("tasks", 0) == 0 or r.get("tasks_running") != r.get("tasks")):
    problems.append(f"{r.get('tasks_running')} of {r.get('tasks')} tasks running")
if s == "status" and (r.get("updates", 0) == 0 or r.get("lost", 1) != 0 or r.get("updates_received") != r.get("updates")):
    problems.append(f"{r.get('updates_received')} of {r.get('updates')} updates received, {r.get('lost')} lost")
if s == "failover" and (r.get("reregistered") != agents or r.get("lost_tasks", 1) != 0):
    problems.append(f"{r.get('reregistered')} of {agents} re-registered, {r.get('lost_tasks')} tasks lost")
# ... and the framework, subscribed again, got offers, and the new master's allocator holds what the agents reported.
if s == "failover" and not r.get("first_offer_ms", 0) > 0:
    problems.append("no offer reached a framework from the new master")
if s == "failover" and not r.get("allocator_consistent"):
    problems.append("the new master's allocator does not hold what the agents reported")
# ... and it rebuilt the completed tasks the agents reported (the newest 1,000 per framework).
if s == "failover" and (r.get("completed_tasks") != agents * 100 or not 0 < r.get("completed_tasks_kept", 0) <= r.get("completed_tasks", 0)):
    problems.append(f"{r.get('completed_tasks')} completed tasks reported, {r.get('completed_tasks_kept')} kept by the new master")
register_bytes_per_agent = r.get("master_phase_allocated_mb", float("inf")) * 1048576 / max(agents, 1)
if s == "register" and agents == 1000 and not 0 < register_bytes_per_agent <= register_bytes_budget:
    problems.append(f"the master allocated {register_bytes_per_agent:.0f} B per agent in the storm, not within (0, {register_bytes_budget:.0f}]")
failover_bytes_per_agent = r.get("master_phase_allocated_mb", float("inf")) * 1048576 / max(agents, 1)
if s == "failover" and agents == 1000 and failover_bytes_per_agent > failover_bytes_budget:
    problems.append(f"the new master allocated {failover_bytes_per_agent:.0f} B per agent in the phase, over the budget of {failover_bytes_budget:.0f}")
if s == "state" and (r.get("state_queries", 0) == 0 or r.get("state_agents") != agents or r.get("state_tasks") != r.get("tasks")):
    problems.append(f"state held {r.get('state_agents')} of {agents} agents, {r.get('state_tasks')} of {r.get('tasks')} tasks")
if s == "marathon" and (r.get("over_scaled") or r.get("launched") != r.get("tasks")):
    problems.append(f"{r.get('launched')} launches for {r.get('tasks')} instances")
marathon_bytes_per_instance = r.get("marathon_phase_allocated_mb", float("inf")) * 1048576 / max(r.get("tasks", 0), 1)
master_bytes_per_instance = r.get("master_phase_allocated_mb", float("inf")) * 1048576 / max(r.get("tasks", 0), 1)
if s == "marathon" and agents == 1000 and marathon_bytes_per_instance > marathon_instance_bytes_budget:
    problems.append(f"Marathon allocated {marathon_bytes_per_instance:.0f} B per instance in the phase, over the budget of {marathon_instance_bytes_budget:.0f}")
if s == "marathon" and agents == 1000 and master_bytes_per_instance > marathon_master_bytes_budget:
    problems.append(f"the master allocated {master_bytes_per_instance:.0f} B per task in the deploy's phase, over the budget of {marathon_master_bytes_budget:.0f}")
if s == "marathon" and agents == 1000 and r.get("marathon_heap_bytes_per_instance", float("inf")) > marathon_heap_bytes_budget:
    problems.append(f"Marathon kept {r.get('marathon_heap_bytes_per_instance', float('inf')):.0f} B per instance, over the budget of {marathon_heap_bytes_budget:.0f}")
if s == "launch-inproc" and agents == 1000 and r.get("master_allocated_bytes_per_task", float("inf")) > launch_bytes_budget:
    problems.append(f"the master allocated {r.get('master_allocated_bytes_per_task')} B per task, over the budget of {launch_bytes_budget:.0f}")
# Built from this checkout, the simulator names its commit (the SDK embeds it).
if not (isinstance(r["commit"], str) and len(r["commit"]) == 40 and all(c in "0123456789abcdef" for c in r["commit"])):
    problems.append(f"the line names no commit ({r['commit']!r})")
if not r["ok"] and not problems:
    problems.append("the run says not ok")
figures = {
    "register": f"{agents / max(r['seconds'], 1e-9):.0f} agents/s, master {register_bytes_per_agent:.0f} B/agent",
    "heartbeats": f"p99 {r.get('p99_ms')} ms, to arrival {r.get('arrival_p99_ms')} ms",
    "launch": f"{r.get('tasks_per_sec', 0):.0f} tasks/s",
    "launch-inproc": f"{r.get('tasks_per_sec', 0):.0f} tasks/s, master {r.get('master_allocated_bytes_per_task', 0):.0f} B/task",
    "status": f"{r.get('updates_per_sec', 0):.0f} updates/s",
    "failover": f"{r.get('reregistrations_per_sec', 0):.0f} re-registrations/s with {r.get('completed_tasks', 0)} completed tasks, first offer {r.get('first_offer_after_reregistration_ms', 0):.0f} ms after, master {failover_bytes_per_agent:.0f} B/agent",
    "marathon": f"{r.get('tasks_per_sec', 0):.0f} tasks/s, POST p99 {r.get('post_p99_ms', 0):.0f} ms, Marathon {marathon_bytes_per_instance:.0f} B/instance (keeps {r.get('marathon_heap_bytes_per_instance', 0):.0f}), master {master_bytes_per_instance:.0f} B/task",
    "state": f"p99 {r.get('state_p99_ms', 0):.1f} ms, {r.get('state_bytes', 0)} B",
    }
print("\t".join(["FAILED" if problems else "ok", f"{r['seconds']:.3f}", figures.get(s, "-"), str(r["master_cpu_seconds"]), "; ".join(problems) or "-"]))
PY
}

tabulate() {
    if command -v column >/dev/null; then column -t -s $'\t'; else cat; fi
}

rows=()
passed=0
failed=0
if ! ./fastmesos build; then
    echo "The simulator does not build; every scenario fails."
    for scenario in "${scenarios[@]}"; do
        rows+=("${scenario%%$'\t'*}"$'\t-\t-\t-\tNOT BUILT')
        failed=$((failed + 1))
    done
else
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    for scenario in "${scenarios[@]}"; do
        IFS=$'\t' read -r name args <<<"$scenario"
        read -r -a argv <<<"$args"
        echo "== cluster $name: ./fastmesos sim $args --json"
        # The run's exit code is not used: the outcomes below say what failed, and a crash leaves no JSON.
        timeout "$timeout_after" ./fastmesos sim "${argv[@]}" --json >"$out" || true
        line=$(tail -n 1 "$out")
        echo "$line"
        IFS=$'\t' read -r verdict seconds figure cpu why < <(evaluate "$agents" "$launch_bytes_budget" "$failover_bytes_budget" "$marathon_instance_bytes_budget" "$marathon_master_bytes_budget" "$marathon_heap_bytes_budget" "$register_bytes_budget" <<<"$line")
        if [[ $verdict == ok ]]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "cluster $name failed: ${why:-no result}; the run's output:"
            cat "$out"
        fi
        rows+=("$name"$'\t'"$seconds"$'\t'"$figure"$'\t'"$cpu"$'\t'"$verdict")
    done
fi

echo
echo "== Cluster scenarios ($agents agents over loopback TCP; launch-inproc in process)"
{
    printf 'scenario\tseconds\tfigure\tmaster cpu s\tresult\n'
    for row in "${rows[@]}"; do printf '%s\n' "$row"; done
} | tabulate
echo "Cluster: $passed passed, $failed failed"
((failed == 0))
