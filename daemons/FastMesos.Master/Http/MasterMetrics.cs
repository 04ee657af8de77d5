using System.Text.Json;
using FastMesos.Engine;
using FastMesos.Engine.Master;
using FastMesos.Master.Registry;
using FastMesos.Messages;
using FastMesos.Transport.Heartbeats;

namespace FastMesos.Master.Http;

/// <summary><c>/metrics/snapshot</c>: Mesos' flat name → number map with Mesos' metric names (specs/mesos.md §3.2).</summary>
internal static class MasterMetrics
{
    public static void Write(Utf8JsonWriter w, MasterCore core, bool elected, MasterRegistrar? registrar = null, HeartbeatCounters? heartbeats = null)
    {
        MasterCounters c = core.Counters;
        // Kept as agents change (AgentCensus): a walk over 10,000 agents under the lock cost milliseconds.
        AgentCensus census = core.Census;
        int active = census.Count(AgentState.Connected);
        int disconnected = census.Count(AgentState.Disconnected);
        int unreachable = census.Count(AgentState.Unreachable);
        double cpusTotal = census.TotalCpus, memTotal = census.TotalMem, diskTotal = census.TotalDisk;
        double cpusUsed = census.UsedCpus, memUsed = census.UsedMem, diskUsed = census.UsedDisk;

        int frameworks = 0, fwActive = 0, fwConnected = 0, fwDisconnected = 0;
        foreach (FrameworkRecord fw in core.Frameworks)
        {
            frameworks++;
            if (fw.Active) fwActive++;
            if (fw.Connected) fwConnected++; else fwDisconnected++;
        }

        ReadOnlySpan<int> states = core.TasksByState;

        Allocator allocator = core.Allocator;
        var m = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["master/elected"] = elected ? 1 : 0,
            ["master/uptime_secs"] = core.Uptime.TotalSeconds,
            ["master/slaves_active"] = active,
            ["master/slaves_connected"] = active,
            ["master/slaves_disconnected"] = disconnected,
            ["master/slaves_inactive"] = disconnected,
            ["master/slaves_unreachable"] = unreachable,
            ["master/slave_registrations"] = c.SlaveRegistrations,
            ["master/slave_reregistrations"] = c.SlaveReregistrations,
            ["master/slave_removals"] = c.SlaveRemovals,
            ["master/slave_unreachable_completed"] = c.SlaveUnreachableCompleted,
            ["master/recovery_slave_removals"] = c.RecoverySlaveRemovals,
            ["master/frameworks_active"] = fwActive,
            ["master/frameworks_inactive"] = frameworks - fwActive,
            ["master/frameworks_connected"] = fwConnected,
            ["master/frameworks_disconnected"] = fwDisconnected,
            ["master/outstanding_offers"] = allocator.OutstandingOffers,
            ["master/cpus_total"] = cpusTotal,
            ["master/cpus_used"] = cpusUsed,
            ["master/cpus_percent"] = cpusTotal > 0 ? cpusUsed / cpusTotal : 0,
            ["master/mem_total"] = memTotal,
            ["master/mem_used"] = memUsed,
            ["master/mem_percent"] = memTotal > 0 ? memUsed / memTotal : 0,
            ["master/disk_total"] = diskTotal,
            ["master/disk_used"] = diskUsed,
            ["master/disk_percent"] = diskTotal > 0 ? diskUsed / diskTotal : 0,
            ["master/tasks_staging"] = states[(int)TaskState.Staging],
            ["master/tasks_starting"] = states[(int)TaskState.Starting],
            ["master/tasks_running"] = states[(int)TaskState.Running],
            ["master/tasks_killing"] = states[(int)TaskState.Killing],
            ["master/tasks_unreachable"] = states[(int)TaskState.Unreachable],
            ["master/tasks_finished"] = c.TasksFinished,
            ["master/tasks_failed"] = c.TasksFailed,
            ["master/tasks_killed"] = c.TasksKilled,
            ["master/tasks_lost"] = c.TasksLost,
            ["master/tasks_error"] = c.TasksError,
            ["master/tasks_dropped"] = c.TasksDropped,
            ["master/tasks_gone"] = c.TasksGone,
            ["master/valid_status_updates"] = c.ValidStatusUpdates,
            ["master/invalid_status_updates"] = c.InvalidStatusUpdates,
            ["master/valid_status_update_acknowledgements"] = c.ValidStatusUpdateAcknowledgements,
            ["master/invalid_status_update_acknowledgements"] = c.InvalidStatusUpdateAcknowledgements,
            ["master/messages_launch_tasks"] = c.MessagesLaunchTasks,
            ["master/messages_decline_offers"] = c.MessagesDeclineOffers,
            ["master/messages_revive_offers"] = c.MessagesReviveOffers,
            ["master/messages_suppress_offers"] = c.MessagesSuppressOffers,
            ["master/messages_kill_task"] = c.MessagesKillTask,
            ["master/messages_reconcile_tasks"] = c.MessagesReconcileTasks,
            ["master/messages_register_framework"] = c.MessagesRegisterFramework,
            ["master/messages_reregister_framework"] = c.MessagesReregisterFramework,
            ["master/messages_register_slave"] = c.MessagesRegisterSlave,
            ["master/messages_reregister_slave"] = c.MessagesReregisterSlave,
            ["master/messages_status_update"] = c.MessagesStatusUpdate,
            ["master/dropped_messages"] = c.DroppedMessages,
            ["allocator/mesos/allocation_runs"] = allocator.AllocationRuns,
        };
        // The allocator's own books, per scalar it has seen (Mesos names them the same way): a
        // monitor, or the simulator after a failover, checks them against the agents' reports above.
        for (int kind = 0; kind < allocator.ScalarKindCount; kind++)
        {
            string prefix = "allocator/mesos/resources/" + allocator.ScalarKindName(kind);
            m[prefix + "/total"] = allocator.ScalarTotal(kind);
            m[prefix + "/offered_or_allocated"] = allocator.ScalarOfferedOrAllocated(kind);
        }

        if (heartbeats is { } hb)
        {
            // FastMesos' own: the datagram heartbeat channel (Mesos pings over its TCP links only).
            m["master/datagram_pings_sent"] = hb.PingsSent;
            m["master/datagram_pongs_received"] = hb.PongsReceived;
            m["master/datagram_hellos"] = hb.Hellos;
            m["master/datagram_dropped"] = hb.Dropped;
            m["master/datagram_fallbacks"] = hb.Fallbacks;
            m["master/datagram_send_failures"] = hb.SendFailures;
            m["master/datagram_agents"] = hb.ActiveAgents;
        }

        if (registrar is not null)
        {
            m["registrar/state_store_ms"] = registrar.LastStoreMilliseconds;
            m["registrar/registry_size_bytes"] = registrar.RegistrySizeBytes;
            m["registrar/state_stores"] = registrar.Stores;
        }

        w.WriteStartObject();
        foreach ((string name, double value) in m)
            w.WriteNumber(name, value);
        w.WriteEndObject();
    }
}
