using System.IO.Pipelines;
using FastMesos.Hosting.Json;

namespace FastMesos.Hosting.Tests.Json;

/// <summary>Bytes written across many pooled segments come back in order, whole, from both readers.</summary>
public sealed class PooledSegmentBufferTests
{
    [Fact]
    public async Task Segments_come_out_in_order()
    {
        byte[] expected = new byte[300_000];
        new Random(8).NextBytes(expected);
        using var buffer = new PooledSegmentBuffer();
        int at = 0;
        int step = 1;
        while (at < expected.Length)
        {
            // Writes of growing sizes, some asking for more than a segment's remainder.
            int n = Math.Min(step, expected.Length - at);
            Span<byte> span = buffer.GetSpan(n);
            Assert.True(span.Length >= n);
            expected.AsSpan(at, n).CopyTo(span);
            buffer.Advance(n);
            at += n;
            step = step * 3 % 70_001 + 1;
        }

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.Equal(expected, buffer.ToArray());
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await buffer.WriteToAsync(pipe.Writer, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var copy = new MemoryStream();
        await pipe.Reader.CopyToAsync(copy);
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public void Advancing_past_the_span_is_refused()
    {
        using var buffer = new PooledSegmentBuffer();
        int free = buffer.GetSpan().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(free + 1));
    }

    [Fact]
    public void A_disposed_buffer_refuses_writes()
    {
        var buffer = new PooledSegmentBuffer();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
    }
}
