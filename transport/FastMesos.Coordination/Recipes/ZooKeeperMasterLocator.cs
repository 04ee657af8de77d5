using System.Net;
using FastMesos.Transport.Connections;

namespace FastMesos.Coordination.Recipes;

/// <summary>
/// <c>--master=zk://h1:p1,h2:p2/mesos</c>: follows the leading master of the masters' election group
/// (the lowest <c>json.info_</c> node, its MasterInfo JSON naming the address) with one ZooKeeper
/// session and a <see cref="LeaderDetector"/>, for agents and scheduler drivers (specs/mesos.md §6.1–6.3).
/// </summary>
/// <remarks>
/// Invariants: the locator never gives up while not disposed. A lost connection is the client's to
/// repair (same session, re-armed watches) and the last leader stays known meanwhile; an expired or
/// closed session, or a ZooKeeper that cannot be reached at all, makes the leader unknown (Mesos:
/// agents without ZooKeeper treat the cluster as leaderless) and a new session is opened with
/// backoff. A leader node whose data names no address counts as no leader.
/// </remarks>
public sealed class ZooKeeperMasterLocator : IMasterLocator, IAsyncDisposable
{
    private readonly string _url;
    private readonly string _ensemble;
    private readonly string _group;
    private readonly ZooKeeperMasterLocatorOptions _options;
    private readonly SettableMasterLocator _leader;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _publishLock = new();
    private readonly Random _random = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private ZooKeeperMasterLocator(string url, string ensemble, string group, ZooKeeperMasterLocatorOptions options)
    {
        _url = url;
        _ensemble = ensemble;
        _group = group;
        _options = options;
        _leader = new SettableMasterLocator(description: url);
    }

    public EndPoint? Current => _leader.Current;

    public event Action? Changed
    {
        add => _leader.Changed += value;
        remove => _leader.Changed -= value;
    }

    /// <summary>Sessions opened so far (1 once the first connected; more after expiries).</summary>
    public int Sessions { get; private set; }

    public static bool IsZooKeeperUrl(string master) =>
        master is not null && master.StartsWith("zk://", StringComparison.Ordinal);

    /// <summary>
    /// Starts following the leader of <paramref name="url"/>'s group. Throws <see cref="FormatException"/>
    /// at once for a malformed url; an unreachable ZooKeeper is retried, never thrown.
    /// </summary>
    public static ZooKeeperMasterLocator Start(string url, ZooKeeperMasterLocatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        (string ensemble, string group) = ZooKeeperConnectionString.SplitGroup(url);
        var locator = new ZooKeeperMasterLocator(url, ensemble, group, options ?? new ZooKeeperMasterLocatorOptions());
        locator._loop = Task.Run(locator.RunAsync);
        return locator;
    }

    public ValueTask<EndPoint> WaitForMasterAsync(CancellationToken cancellationToken) => _leader.WaitForMasterAsync(cancellationToken);

    public override string ToString() => _url;

    /// <summary>Stops following: closes the session; the last leader stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Cancel();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void Log(string line) => _options.Log?.Invoke(line);

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        int attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            ZooKeeperClient client;
            try
            {
                client = await ZooKeeperClient.ConnectAsync(_ensemble, _options.Client, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ZooKeeperException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
            {
                Log($"cannot reach ZooKeeper at {_url} (attempt {attempt + 1}): {e.Message}");
                if (!await DelayAsync(attempt++, stop).ConfigureAwait(false))
                    return;
                continue;
            }

            attempt = 0;
            Sessions++;
            await FollowAsync(client, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
                return;
            // The session is over: nothing it watched can be trusted until a new one reads again.
            Log($"the ZooKeeper session with {_url} ended: no leading master is known until a new session finds one");
            _leader.Set(null);
            if (!await DelayAsync(0, stop).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>Publishes the group's leader for the life of <paramref name="client"/>'s session, then closes it.</summary>
    private async Task FollowAsync(ZooKeeperClient client, CancellationToken stop)
    {
        LeaderDetector? detector = null;
        try
        {
            detector = LeaderDetector.Start(client, _group, MasterInfoReader.MemberPrefix);
            LeaderDetector current = detector;
            detector.LeaderChanged += _ => Publish(current);
            Publish(detector); // it may have reported before the handler was added
            await Task.WhenAny(client.Expired, client.Closed).WaitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (detector is not null)
                await DisposeQuietlyAsync(detector.DisposeAsync()).ConfigureAwait(false);
            await DisposeQuietlyAsync(client.DisposeAsync()).ConfigureAwait(false);
        }
    }

    // Always reads the detector's latest leader under one lock, so a late handler can never publish
    // an older leader over a newer one.
    private void Publish(LeaderDetector detector)
    {
        lock (_publishLock)
        {
            LeaderInfo? info = detector.Current;
            EndPoint? endPoint = null;
            if (info is not null && !MasterInfoReader.TryReadEndPoint(info.Data, out endPoint))
                Log($"the leading master's node {info.Path} holds no readable MasterInfo JSON: treating the cluster as leaderless");
            EndPoint? before = _leader.Current;
            _leader.Set(endPoint);
            if (!Equals(before, endPoint))
                Log(endPoint is null ? $"no leading master in {_url}" : $"detected the leading master at {endPoint} ({info!.Path})");
        }
    }

    private async Task<bool> DelayAsync(int attempt, CancellationToken stop)
    {
        TimeSpan delay = Backoff.FullJitter(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay, _random);
        try
        {
            await Task.Delay(delay, _options.Client.TimeProvider, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DisposeQuietlyAsync(ValueTask disposal)
    {
        try
        {
            await disposal.ConfigureAwait(false);
        }
        catch (Exception e) when (e is ZooKeeperException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Log($"closing the ZooKeeper session with {_url}: {e.Message}");
        }
    }
}
