using System.Runtime.InteropServices;

namespace FastMesos.Hosting;

/// <summary>
/// Turns SIGINT and SIGTERM into a graceful-shutdown request: the first signal cancels
/// <see cref="Token"/> (and completes <see cref="WhenRequested"/>) and suppresses the runtime's
/// default termination, so the daemon can drain connections and checkpoint before it exits.
/// </summary>
/// <remarks>
/// <para>A second signal is not suppressed: the runtime's default action runs and the process
/// terminates at once. This is the escape hatch for a shutdown that hangs — an operator presses
/// Ctrl+C twice, or a supervisor's second SIGTERM gets through — and it needs no timer of its own.</para>
/// <para>Callbacks registered on <see cref="Token"/> run on the thread pool, not on the signal
/// thread, so a slow callback cannot delay the handling of the second signal.</para>
/// </remarks>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private string? _signalName;
    private int _count;

    /// <summary>Registers for SIGINT and SIGTERM.</summary>
    public ShutdownSignal()
        : this(registerPosixSignals: true)
    {
    }

    private ShutdownSignal(bool registerPosixSignals)
    {
        _registrations = registerPosixSignals
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)]
            : [];
    }

    /// <summary>An instance driven only by <see cref="Trigger"/>, for tests and embedded hosts.</summary>
    public static ShutdownSignal Unregistered() => new(registerPosixSignals: false);

    /// <summary>Cancelled when shutdown is first requested.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Completes when shutdown is first requested; never faults.</summary>
    public Task WhenRequested => _requested.Task;

    public bool IsRequested => Volatile.Read(ref _count) > 0;

    /// <summary>The first signal's name (<c>SIGTERM</c>, <c>SIGINT</c>, or what was passed to <see cref="Trigger"/>); null before.</summary>
    public string? SignalName => Volatile.Read(ref _signalName);

    /// <summary>
    /// Requests shutdown as if <paramref name="signalName"/> arrived. Returns true for the first
    /// request, which is the one that counts; later ones return false (for a real signal, false
    /// means the default termination goes ahead).
    /// </summary>
    public bool Trigger(string signalName)
    {
        ArgumentNullException.ThrowIfNull(signalName);
        if (Interlocked.Increment(ref _count) != 1)
            return false;
        Volatile.Write(ref _signalName, signalName);
        // CancelAsync marks the token cancelled before returning and runs callbacks on the pool.
        _ = _cts.CancelAsync();
        _requested.TrySetResult();
        return true;
    }

    /// <summary>
    /// Unregisters the handlers; signals after this get the default action. The token source is
    /// left undisposed on purpose: it has no timer to free, and <see cref="Token"/> stays readable.
    /// </summary>
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
    }

    private void OnSignal(PosixSignalContext context) =>
        context.Cancel = Trigger(context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM");
}
