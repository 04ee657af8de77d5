using FastMesos.Marathon.Http;
using FastMesos.Marathon.Runtime;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Ha;

/// <summary>
/// An HA Marathon (<c>--zk</c> without <c>--disable_ha</c>, specs/marathon.md §8): every node serves
/// HTTP; only the elected one starts its runtime (loads the state, resumes deployments, subscribes
/// with the stored framework id, reconciles). Until then, and on standbys, the filter proxies REST
/// calls to the leader.
/// <para>
/// Paths a node answers itself: <c>/ping</c>; <c>GET /v2/leader</c> (from ZooKeeper, 404 when there
/// is none); <c>/v2/events</c> gets a 302 to the leader. <c>DELETE /v2/leader</c> on the leader
/// abdicates: the runtime stops (the driver fails over, tasks keep running), the member node is
/// deleted and <see cref="Exited"/> completes with 105 — Marathon's exit, the supervisor restarts the
/// process as a standby. Losing the candidacy exits with 103 as a leader, 101 as a standby; a leader
/// that cannot load its state exits with 104.
/// </para>
/// </summary>
internal sealed class MarathonHa : IAsyncDisposable
{
    public const int ExitZooKeeperConnectionLost = 101;
    public const int ExitLeadershipLost = 103;
    public const int ExitLeadershipFaulty = 104;
    public const int ExitAbdicated = 105;

    private static readonly TimeSpan ElectedStartWait = TimeSpan.FromSeconds(10);

    private readonly MarathonElection _election;
    private readonly MarathonRuntime _runtime;
    private readonly LeaderProxy _proxy;
    private readonly Action<string>? _log;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _runtimeGate = new(1, 1);
    private bool _runtimeStopped;
    private volatile bool _leading;
    private int _disposed;

    public MarathonHa(MarathonElection election, MarathonRuntime runtime, Action<string>? log)
    {
        _election = election;
        _runtime = runtime;
        _log = log;
        _proxy = new LeaderProxy(election.Id);
        _ = election.Elected.ContinueWith(static (_, s) => ((MarathonHa)s!).LeadAsync(), this,
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
        _ = election.Lost.ContinueWith(static (t, s) => ((MarathonHa)s!).OnLostAsync(t.Result), this,
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
    }

    /// <summary>True once this Marathon is elected and its runtime runs.</summary>
    public bool IsLeading => _leading;

    /// <summary>The leader's <c>host:port</c>, or null.</summary>
    public string? Leader => _election.Leader;

    /// <summary>Completes with Marathon's exit code when this process must end (abdicated, leadership or ZooKeeper lost).</summary>
    public Task<int> Exited => _exit.Task;

    private async Task LeadAsync()
    {
        _log?.Invoke("I Elected as the leading Marathon; loading state");
        try
        {
            await _runtimeGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
            try
            {
                if (_runtimeStopped)
                    return;
                await _runtime.StartAsync(_stopping.Token).ConfigureAwait(false);
                _leading = true;
            }
            finally
            {
                _runtimeGate.Release();
            }
            _ready.TrySetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log?.Invoke($"E Could not take over as the leader: {e}");
            await StopRuntimeAsync().ConfigureAwait(false);
            _exit.TrySetResult(ExitLeadershipFaulty);
        }
    }

    private async Task OnLostAsync(string reason)
    {
        bool leader = _leading || _election.Elected.IsCompleted;
        _log?.Invoke($"E {(leader ? "Lost leadership" : "Lost the ZooKeeper session")}: {reason}; exiting");
        await StopRuntimeAsync().ConfigureAwait(false);
        _exit.TrySetResult(leader ? ExitLeadershipLost : ExitZooKeeperConnectionLost);
    }

    private async Task AbdicateAsync()
    {
        _log?.Invoke("I Abdicating leadership (DELETE /v2/leader)");
        // The runtime stops before the member node goes: the next leader never runs beside this one.
        await StopRuntimeAsync().ConfigureAwait(false);
        await _election.DisposeAsync().ConfigureAwait(false);
        _exit.TrySetResult(ExitAbdicated);
    }

    /// <summary>Stops the runtime once (the driver fails over: the master keeps the tasks for the next leader).</summary>
    private async Task StopRuntimeAsync()
    {
        _leading = false;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _runtimeGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_runtimeStopped)
                return;
            _runtimeStopped = true;
            await _runtime.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _runtimeGate.Release();
        }
    }

    /// <summary>The HTTP filter (<see cref="MarathonHttpServer.Use"/>).</summary>
    public async Task FilterAsync(HttpContext ctx, RequestDelegate next)
    {
        HttpRequest request = ctx.Request;
        if (request.Path == "/ping")
        {
            await next(ctx).ConfigureAwait(false);
            return;
        }

        bool leaderPath = request.Path == "/v2/leader";
        if (leaderPath && HttpMethods.IsGet(request.Method))
        {
            await LeaderAsync(ctx).ConfigureAwait(false);
            return;
        }

        string? leader = _election.Leader;
        if (!_leading && leader == _election.Id && !_exit.Task.IsCompleted)
        {
            // Elected a moment ago: the runtime is loading the state.
            await Task.WhenAny(_ready.Task, Task.Delay(ElectedStartWait, ctx.RequestAborted)).ConfigureAwait(false);
        }

        if (_leading)
        {
            if (leaderPath && HttpMethods.IsDelete(request.Method))
            {
                await ApiResults.Message(ctx, StatusCodes.Status200OK, "Leadership abdicated").ConfigureAwait(false);
                _ = Task.Run(AbdicateAsync);
                return;
            }
            await next(ctx).ConfigureAwait(false);
            return;
        }

        if (leader is null || leader == _election.Id)
        {
            await ApiResults.Message(ctx, StatusCodes.Status503ServiceUnavailable, "Could not determine the current leader").ConfigureAwait(false);
            return;
        }

        if (request.Path.StartsWithSegments("/v2/events"))
        {
            ctx.Response.StatusCode = StatusCodes.Status302Found;
            ctx.Response.Headers.Location = $"http://{leader}{request.Path}{request.QueryString}";
            return;
        }

        await _proxy.ForwardAsync(ctx, leader).ConfigureAwait(false);
    }

    private Task LeaderAsync(HttpContext ctx)
    {
        string? leader = _election.Leader;
        if (leader is null)
            return ApiResults.Message(ctx, StatusCodes.Status404NotFound, "There is no leader");
        return ApiResults.Json(ctx, StatusCodes.Status200OK, leader, static (w, l) =>
        {
            w.WriteStartObject();
            w.WriteString("leader", l);
            w.WriteEndObject();
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await StopRuntimeAsync().ConfigureAwait(false);
        await _election.DisposeAsync().ConfigureAwait(false);
        _proxy.Dispose();
        _stopping.Dispose();
        _runtimeGate.Dispose();
    }
}
