using System.Buffers;
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
    public void A_segment_pool_of_its_own_gets_every_segment_back_and_serves_the_next_document_from_them()
    {
        var pool = new RecordingPool(PooledSegmentBuffer.CreateSegmentPool(64));
        byte[] document = new byte[10 * PooledSegmentBuffer.SegmentSize + 123];
        var firstSegments = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);

        for (int round = 0; round < 2; round++)
        {
            using (var buffer = new PooledSegmentBuffer(pool))
            {
                int at = 0;
                while (at < document.Length)
                {
                    int n = Math.Min(1000, document.Length - at);
                    document.AsSpan(at, n).CopyTo(buffer.GetSpan(n));
                    buffer.Advance(n);
                    at += n;
                }

                Assert.Equal(document.Length, buffer.WrittenCount);
            }

            Assert.Equal(pool.Rented.Count, pool.Returned.Count);
            if (round == 0)
                firstSegments.UnionWith(pool.Rented);
        }

        // The second document was built in the first one's segments: nothing new was allocated.
        Assert.Equal(22, pool.Rented.Count);
        Assert.True(pool.Rented.Skip(11).All(firstSegments.Contains));
    }

    /// <summary>An <see cref="ArrayPool{T}"/> that remembers what it handed out and took back.</summary>
    private sealed class RecordingPool(ArrayPool<byte> inner) : ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];

        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            byte[] array = inner.Rent(minimumLength);
            Rented.Add(array);
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Returned.Add(array);
            inner.Return(array, clearArray);
        }
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
