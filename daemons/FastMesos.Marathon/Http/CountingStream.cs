using FastMesos.Marathon.Metrics;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Http;

/// <summary>
/// Passes reads and writes through to <c>inner</c>, adding the bytes to <c>bytes</c>; a response
/// body whose Content-Type turns out to be <c>text/event-stream</c> also adds them to
/// <c>eventStreamBytes</c> (the type is known once headers are set, i.e. before the first write).
/// The inner stream is not owned: disposing this one leaves it open.
/// </summary>
internal sealed class CountingStream(Stream inner, Counter bytes, HttpResponse? response = null, Counter? eventStreamBytes = null) : Stream
{
    private int _isEventStream = -1; // -1 unknown, 0 no, 1 yes

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Counted(count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Counted(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Counted(int n)
    {
        if (n <= 0)
            return n;
        bytes.Add(n);
        if (response is not null && eventStreamBytes is not null)
        {
            if (_isEventStream < 0)
                _isEventStream = response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true ? 1 : 0;
            if (_isEventStream == 1)
                eventStreamBytes.Add(n);
        }
        return n;
    }
}
