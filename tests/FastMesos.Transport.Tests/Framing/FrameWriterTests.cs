using System.Buffers;
using System.IO.Pipelines;
using FastMesos.Transport.Framing;
using FastMesos.Transport.Tests.Buffers;
using MessagePack;
using static FastMesos.Transport.Tests.Framing.TestFrames;

namespace FastMesos.Transport.Tests.Framing;

/// <summary>The frame writer: header patched after an in-place payload, batching into the pipe, limits, pool hygiene.</summary>
public sealed class FrameWriterTests
{
    private readonly DiagnosticMemoryPool _pool = new();

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(506)]
    [InlineData(507)]
    [InlineData(4090)]
    [InlineData(20_000)]
    public async Task A_span_payload_round_trips(int length)
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        byte[] payload = Payload(length, seed: length);

        Assert.True(writer.TryWriteFrame(9, payload, FrameHeader.DefaultMaxFrameSize));
        Assert.Equal(FrameHeader.Size + length, writer.UnflushedBytes);
        await writer.FlushAsync();

        var frames = await ReadFramesAsync(pipe);
        var single = Assert.Single(frames);
        Assert.Equal(9, single.Type);
        Assert.Equal(payload, single.Payload);
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task A_payload_written_in_place_across_blocks_gets_the_right_length()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        byte[] payload = Payload(3 * 4096 + 123, seed: 7);

        // The payload asks for small spans, so it crosses block boundaries several times after the
        // header was reserved in the first block.
        Assert.True(writer.TryWriteFrame(11, new ChunkedPayload(payload, chunk: 1000), FrameHeader.DefaultMaxFrameSize));
        Assert.True(writer.TryWriteFrame(12, new ChunkedPayload([1, 2, 3], chunk: 1), FrameHeader.DefaultMaxFrameSize));
        await writer.FlushAsync();

        var frames = await ReadFramesAsync(pipe);
        Assert.Equal(2, frames.Count);
        Assert.Equal(payload, frames[0].Payload);
        Assert.Equal(new byte[] { 1, 2, 3 }, frames[1].Payload);
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task A_MessagePackWriter_encodes_straight_into_the_frame()
    {
        // The codec's contract: a MessagePackWriter over the FrameWriter, flushed before returning.
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        Assert.True(writer.TryWriteFrame(30, new MessagePackPayload("task-1", 12345, new string('x', 5000)), FrameHeader.DefaultMaxFrameSize));
        await writer.FlushAsync();

        var frames = await ReadFramesAsync(pipe);
        var reader = new MessagePackReader(Assert.Single(frames).Payload);
        Assert.Equal(3, reader.ReadArrayHeader());
        Assert.Equal("task-1", reader.ReadString());
        Assert.Equal(12345, reader.ReadInt32());
        Assert.Equal(new string('x', 5000), reader.ReadString());
        Assert.True(reader.End);
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task Many_frames_go_out_in_one_flush()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        for (int i = 0; i < 1000; i++)
            Assert.True(writer.TryWriteFrame((ushort)(i % 100), BitConverter.GetBytes(i), 64));

        Assert.Equal(1000 * (FrameHeader.Size + 4), writer.UnflushedBytes);
        await writer.FlushAsync();
        Assert.Equal(0, writer.UnflushedBytes);

        // One read sees every frame: they were committed together.
        ReadResult read = await pipe.Reader.ReadAsync();
        var (frames, _, remaining) = ReadAll(read.Buffer, 64);
        pipe.Reader.AdvanceTo(read.Buffer.End);
        Assert.Equal(0, remaining);
        Assert.Equal(1000, frames.Count);
        for (int i = 0; i < frames.Count; i++)
            Assert.Equal(i, BitConverter.ToInt32(frames[i].Payload));
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task A_span_payload_over_the_maximum_writes_nothing()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        Assert.False(writer.TryWriteFrame(1, new byte[63], 64));
        Assert.Equal(0, writer.UnflushedBytes);
        Assert.True(writer.TryWriteFrame(1, new byte[62], 64));
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task An_in_place_payload_over_the_maximum_is_reported()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        Assert.False(writer.TryWriteFrame(1, new ChunkedPayload(new byte[63], chunk: 10), 64));
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public async Task Bytes_are_handed_to_the_pipe_only_when_a_block_fills_or_on_flush()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        writer.TryWriteFrame(1, new byte[100], 1024);
        Assert.Equal(0, pipe.Writer.UnflushedBytes);
        Assert.Equal(106, writer.UnflushedBytes);

        // Cross a block: the first block's bytes are handed over, the rest stays batched.
        for (int i = 0; i < 50; i++)
            writer.TryWriteFrame(1, new byte[100], 1024);
        Assert.True(pipe.Writer.UnflushedBytes > 0);
        Assert.Equal(51 * 106, writer.UnflushedBytes);
        await CompleteAsync(pipe, writer);
    }

    [Fact]
    public void Advancing_past_the_span_throws()
    {
        var pipe = NewPipe();
        var writer = new FrameWriter(pipe.Writer);
        int available = writer.GetSpan(10).Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(available + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.GetSpan(-1));
        writer.Complete();
        pipe.Reader.Complete();
    }

    private Pipe NewPipe() => new(new PipeOptions(_pool, pauseWriterThreshold: 0, useSynchronizationContext: false));

    private static async Task<List<(ushort Type, byte[] Payload)>> ReadFramesAsync(Pipe pipe)
    {
        ReadResult read = await pipe.Reader.ReadAsync();
        var (frames, last, remaining) = ReadAll(read.Buffer);
        pipe.Reader.AdvanceTo(read.Buffer.End);
        Assert.Equal(FrameReadResult.NeedMore, last);
        Assert.Equal(0, remaining);
        return frames;
    }

    private async Task CompleteAsync(Pipe pipe, FrameWriter writer)
    {
        writer.Complete();
        await pipe.Reader.CompleteAsync();
        await _pool.AssertAllReturnedAsync();
    }

    private readonly struct ChunkedPayload(byte[] bytes, int chunk) : IFramePayload
    {
        public void WritePayload(IBufferWriter<byte> output)
        {
            for (int offset = 0; offset < bytes.Length; offset += chunk)
            {
                int n = Math.Min(chunk, bytes.Length - offset);
                Span<byte> span = output.GetSpan(n);
                bytes.AsSpan(offset, n).CopyTo(span);
                output.Advance(n);
            }
        }
    }

    private readonly struct MessagePackPayload(string id, int value, string text) : IFramePayload
    {
        public void WritePayload(IBufferWriter<byte> output)
        {
            var writer = new MessagePackWriter(output);
            writer.WriteArrayHeader(3);
            writer.Write(id);
            writer.Write(value);
            writer.Write(text);
            writer.Flush();
        }
    }
}
