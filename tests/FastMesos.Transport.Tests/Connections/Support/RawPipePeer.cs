using System.Buffers;
using System.IO.Pipelines;

namespace FastMesos.Transport.Tests.Connections.Support;

/// <summary>A raw in-process client: the dialer's ends of the two pipes.</summary>
public sealed class RawPipePeer : IRawPeer
{
    private readonly IDuplexPipe _pipe;
    private bool _disposed;

    public RawPipePeer(IDuplexPipe pipe) => _pipe = pipe;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Wait.Default);
        await _pipe.Output.WriteAsync(bytes, cts.Token);
    }

    public void ShutdownSend() => _pipe.Output.Complete();

    public async Task<byte[]> ReceiveAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        while (true)
        {
            ReadResult result = await _pipe.Input.ReadAsync(cts.Token);
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                ReadOnlySequence<byte> taken = result.Buffer.Slice(0, Math.Min(count, result.Buffer.Length));
                byte[] bytes = taken.ToArray();
                _pipe.Input.AdvanceTo(taken.End);
                return bytes;
            }

            _pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public async Task<byte[]> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        var received = new List<byte>();
        try
        {
            while (true)
            {
                ReadResult result = await _pipe.Input.ReadAsync(cts.Token);
                foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                    received.AddRange(segment.Span);
                _pipe.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                    break;
            }
        }
        catch (IOException)
        {
            // The listener aborted: its output completed with the reason.
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The listener did not close the raw connection within {timeout ?? Wait.Default}.");
        }

        return received.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _pipe.Output.Complete();
            _pipe.Input.Complete();
        }

        return ValueTask.CompletedTask;
    }
}
