using System.Buffers;

namespace FastMesos.Transport.Tests.Buffers;

/// <summary>
/// A <see cref="MemoryPool{T}"/> for tests that tracks every block it hands out and records misuse:
/// a block returned twice, touched after its return, or still out when the test ends (Kestrel's
/// <c>DiagnosticMemoryPool</c> is the model). Every connection test ends with
/// <see cref="AssertAllReturnedAsync"/>.
/// </summary>
public sealed class DiagnosticMemoryPool : MemoryPool<byte>
{
    private readonly MemoryPool<byte> _inner;
    private readonly bool _captureStacks;
    private readonly object _sync = new();
    private readonly HashSet<DiagnosticPoolBlock> _outstanding = new();
    private readonly List<string> _errors = new();
    private TaskCompletionSource _drained = NewDrained();
    private long _totalRented;
    private bool _disposed;

    public DiagnosticMemoryPool(MemoryPool<byte>? inner = null, bool captureStacks = false)
    {
        _inner = inner ?? new FastMesos.Transport.Buffers.BlockMemoryPool();
        _captureStacks = captureStacks;
    }

    public override int MaxBufferSize => _inner.MaxBufferSize;

    public int OutstandingCount
    {
        get
        {
            lock (_sync)
                return _outstanding.Count;
        }
    }

    public long TotalRented => Interlocked.Read(ref _totalRented);

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_sync)
                return _errors.ToArray();
        }
    }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        var block = new DiagnosticPoolBlock(this, _inner.Rent(minBufferSize), _captureStacks ? Environment.StackTrace : null);
        lock (_sync)
        {
            if (_disposed)
                _errors.Add("a block was rented from a disposed pool");
            if (_outstanding.Count == 0)
                _drained = NewDrained();
            _outstanding.Add(block);
        }

        Interlocked.Increment(ref _totalRented);
        return block;
    }

    /// <summary>Waits until every rented block is back, then fails on any recorded misuse.</summary>
    public async Task AssertAllReturnedAsync(TimeSpan? timeout = null)
    {
        Task drained;
        lock (_sync)
            drained = _outstanding.Count == 0 ? Task.CompletedTask : _drained.Task;

        try
        {
            await drained.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            string detail;
            lock (_sync)
            {
                detail = $"{_outstanding.Count} pool blocks were never returned";
                foreach (DiagnosticPoolBlock block in _outstanding)
                {
                    if (block.RentStack is { } stack)
                    {
                        detail += Environment.NewLine + "rented at:" + Environment.NewLine + stack;
                        break;
                    }
                }
            }

            throw new Xunit.Sdk.XunitException(detail);
        }

        AssertNoErrors();
    }

    public void AssertNoErrors()
    {
        IReadOnlyList<string> errors = Errors;
        if (errors.Count > 0)
            throw new Xunit.Sdk.XunitException("memory pool misuse: " + string.Join("; ", errors));
    }

    internal void ReportError(string error)
    {
        lock (_sync)
            _errors.Add(error);
    }

    internal void Return(DiagnosticPoolBlock block)
    {
        TaskCompletionSource? drained = null;
        lock (_sync)
        {
            if (!_outstanding.Remove(block))
            {
                _errors.Add("a block was returned that was not outstanding");
                return;
            }

            if (_outstanding.Count == 0)
                drained = _drained;
        }

        drained?.TrySetResult();
    }

    protected override void Dispose(bool disposing)
    {
        lock (_sync)
        {
            _disposed = true;
            if (_outstanding.Count > 0)
                _errors.Add($"the pool was disposed with {_outstanding.Count} blocks outstanding");
        }
    }

    private static TaskCompletionSource NewDrained() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
