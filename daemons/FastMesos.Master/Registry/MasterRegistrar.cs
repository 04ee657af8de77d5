using System.Diagnostics;
using FastMesos.Engine.Master;

namespace FastMesos.Master.Registry;

/// <summary>
/// Mesos' registrar: keeps the leading master's registry stored. The core counts registry changes
/// (<see cref="MasterCore.RegistryVersion"/>); whenever it passes what was stored, one write loop
/// snapshots the registry under the master's lock, encodes and stores it outside the lock, then
/// reports the stored version so the agents it admitted get their answers. Changes made while a
/// store is in flight are batched into the next one, so a storm of 10,000 registrations costs a
/// handful of stores, not 10,000.
/// <para>
/// A failed store is fatal (<see cref="Failed"/>): the registry may have moved on under another
/// leader, and answering agents without it would lose them at the next failover.
/// </para>
/// </summary>
public sealed class MasterRegistrar
{
    private readonly IRegistryStore _store;
    private readonly Action<string> _log;
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _stores;
    private long _lastStoreTicks;
    private long _lastBytes;

    public MasterRegistrar(IRegistryStore store, Action<string>? log = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _log = log ?? (static _ => { });
    }

    /// <summary>Completes with the error when a fetch or store failed; the master must stop leading.</summary>
    public Task<Exception> Failed => _failed.Task;

    /// <summary>Successful stores so far.</summary>
    public long Stores => Interlocked.Read(ref _stores);

    /// <summary>How long the last store took (Mesos' <c>registrar/state_store_ms</c>).</summary>
    public double LastStoreMilliseconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _lastStoreTicks)).TotalMilliseconds;

    /// <summary>The size of the last stored registry (Mesos' <c>registrar/registry_size_bytes</c>).</summary>
    public long RegistrySizeBytes => Interlocked.Read(ref _lastBytes);

    /// <summary>Reads the stored registry (empty when none was ever stored); a newly elected master recovers from it.</summary>
    public async Task<MasterRegistry> FetchAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            byte[]? bytes = await _store.FetchAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _lastBytes, bytes?.Length ?? 0);
            return bytes is null ? MasterRegistry.Empty : RegistryCodec.Decode(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _failed.TrySetResult(e);
            throw;
        }
    }

    /// <summary>
    /// Stores the registry until the stored version catches up with the core's. <paramref name="server"/>
    /// runs it when the core's registry version passed the stored one and no loop is running; the
    /// loop ends through <see cref="MasterServer"/>'s check under its lock, so no change is missed.
    /// </summary>
    internal async Task WriteLoopAsync(MasterServer server)
    {
        try
        {
            while (true)
            {
                (long version, MasterRegistry registry) = server.Read(static core => (core.RegistryVersion, core.SnapshotRegistry()));
                byte[] bytes = RegistryCodec.Encode(registry);
                long start = Stopwatch.GetTimestamp();
                await _store.StoreAsync(bytes).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastStoreTicks, Stopwatch.GetTimestamp() - start);
                Interlocked.Exchange(ref _lastBytes, bytes.Length);
                Interlocked.Increment(ref _stores);
                if (server.RegistryStored(version))
                    return;
            }
        }
        catch (Exception e) when (server.IsStopped)
        {
            // The master stopped (and closed the store) while a store was in flight: nothing is lost
            // that a successor would need beyond what the last completed store holds.
            _log($"A registry store was cut short by the master stopping: {e.Message}");
        }
        catch (Exception e)
        {
            _log($"Failed to store the registry: {e.Message}");
            _failed.TrySetResult(e);
        }
    }
}
