using System.Buffers;
using System.IO.Pipelines;
using FastMesos.Transport.Framing;
using static FastMesos.Transport.Tests.Framing.TestFrames;

namespace FastMesos.Transport.Tests.Framing;

/// <summary>The frame reader on exact, truncated, multi-segment and one-byte-at-a-time input, and on bad lengths.</summary>
public sealed class FrameReaderTests
{
    private static readonly byte[] ThreeFrames = Concat(
        Encode(7, [1, 2, 3]),
        Encode(300, []),
        Encode(0xFEFF, Payload(40, seed: 1)));

    [Fact]
    public void Reads_an_exact_frame_and_moves_past_it()
    {
        var buffer = new ReadOnlySequence<byte>(Encode(42, [9, 8, 7, 6]));

        FrameReadResult result = FrameReader.TryRead(ref buffer, 1024, out ushort type, out ReadOnlySequence<byte> payload);

        Assert.Equal(FrameReadResult.Frame, result);
        Assert.Equal(42, type);
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, payload.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void An_empty_payload_is_a_frame_of_length_two()
    {
        var buffer = new ReadOnlySequence<byte>(Encode(5, []));

        Assert.Equal(FrameReadResult.Frame, FrameReader.TryRead(ref buffer, 2, out ushort type, out ReadOnlySequence<byte> payload));
        Assert.Equal(5, type);
        Assert.True(payload.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Reads_every_frame_of_a_buffer_in_order()
    {
        var (frames, last, remaining) = ReadAll(new ReadOnlySequence<byte>(ThreeFrames));

        Assert.Equal(FrameReadResult.NeedMore, last);
        Assert.Equal(0, remaining);
        Assert.Equal(new ushort[] { 7, 300, 0xFEFF }, frames.Select(f => f.Type));
        Assert.Equal(Payload(40, seed: 1), frames[2].Payload);
    }

    [Fact]
    public void Every_truncation_needs_more_and_leaves_the_buffer_alone()
    {
        byte[] frame = Encode(3, Payload(100, seed: 2));
        for (int length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);
            FrameReadResult result = FrameReader.TryRead(ref buffer, 1024, out _, out ReadOnlySequence<byte> payload);

            Assert.Equal(FrameReadResult.NeedMore, result);
            Assert.Equal(length, buffer.Length);
            Assert.True(payload.IsEmpty);
        }
    }

    [Fact]
    public void Every_single_cut_of_a_stream_reads_the_same_frames()
    {
        var expected = ReadAll(new ReadOnlySequence<byte>(ThreeFrames)).Frames;
        for (int cut = 0; cut <= ThreeFrames.Length; cut++)
        {
            var (frames, last, _) = ReadAll(TestSequences.Split(ThreeFrames, cut));
            Assert.Equal(FrameReadResult.NeedMore, last);
            AssertSameFrames(expected, frames);
        }
    }

    [Fact]
    public void Every_pair_of_cuts_reads_the_same_frames()
    {
        var expected = ReadAll(new ReadOnlySequence<byte>(ThreeFrames)).Frames;
        for (int first = 0; first <= ThreeFrames.Length; first++)
        {
            for (int second = first; second <= ThreeFrames.Length; second++)
            {
                var (frames, _, remaining) = ReadAll(TestSequences.Split(ThreeFrames, first, second));
                Assert.Equal(0, remaining);
                AssertSameFrames(expected, frames);
            }
        }
    }

    [Fact]
    public void One_byte_per_segment_reads_the_same_frames()
    {
        var expected = ReadAll(new ReadOnlySequence<byte>(ThreeFrames)).Frames;
        var (frames, _, remaining) = ReadAll(TestSequences.OneBytePerSegment(ThreeFrames));

        Assert.Equal(0, remaining);
        AssertSameFrames(expected, frames);
    }

    [Fact]
    public void Truncated_multi_segment_input_needs_more()
    {
        for (int length = 0; length < ThreeFrames.Length; length++)
        {
            byte[] prefix = ThreeFrames[..length];
            var (frames, last, _) = ReadAll(TestSequences.OneBytePerSegment(prefix));
            Assert.Equal(FrameReadResult.NeedMore, last);
            Assert.True(frames.Count < 3);
        }
    }

    [Fact]
    public async Task One_byte_at_a_time_through_a_pipe_reads_the_same_frames()
    {
        // A real pipe fed one byte per flush: the reader sees every partial state a socket could give.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var received = new List<(ushort, byte[])>();
        Task reader = Task.Run(async () =>
        {
            while (true)
            {
                ReadResult read = await pipe.Reader.ReadAsync();
                ReadOnlySequence<byte> buffer = read.Buffer;
                while (FrameReader.TryRead(ref buffer, 1024, out ushort type, out ReadOnlySequence<byte> payload) == FrameReadResult.Frame)
                    received.Add((type, payload.ToArray()));
                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    Assert.True(buffer.IsEmpty);
                    break;
                }
            }

            await pipe.Reader.CompleteAsync();
        });

        foreach (byte b in ThreeFrames)
        {
            pipe.Writer.GetSpan(1)[0] = b;
            pipe.Writer.Advance(1);
            await pipe.Writer.FlushAsync();
        }

        await pipe.Writer.CompleteAsync();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        AssertSameFrames(ReadAll(new ReadOnlySequence<byte>(ThreeFrames)).Frames, received);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    public void A_length_below_two_is_malformed(uint length)
    {
        var buffer = new ReadOnlySequence<byte>(Header(length));
        Assert.Equal(FrameReadResult.Malformed, FrameReader.TryRead(ref buffer, 1024, out _, out _));
        Assert.Equal(FrameHeader.Size, buffer.Length);
    }

    [Theory]
    [InlineData(1025u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFFu)]
    public void A_length_over_the_maximum_is_too_large(uint length)
    {
        var buffer = new ReadOnlySequence<byte>(Header(length));
        Assert.Equal(FrameReadResult.TooLarge, FrameReader.TryRead(ref buffer, 1024, out _, out _));
    }

    [Fact]
    public void A_bad_length_is_judged_from_its_four_bytes_alone()
    {
        // A hostile 4 GiB length is refused before the type arrives, even split across segments.
        byte[] lengthOnly = Header(0xFFFFFFFF)[..4];
        var buffer = TestSequences.OneBytePerSegment(lengthOnly);
        Assert.Equal(FrameReadResult.TooLarge, FrameReader.TryRead(ref buffer, 1024, out _, out _));

        var three = new ReadOnlySequence<byte>(lengthOnly, 0, 3);
        Assert.Equal(FrameReadResult.NeedMore, FrameReader.TryRead(ref three, 1024, out _, out _));
    }

    [Fact]
    public void A_frame_of_exactly_the_maximum_is_accepted()
    {
        byte[] frame = Encode(1, Payload(1022, seed: 3));
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.Equal(FrameReadResult.Frame, FrameReader.TryRead(ref buffer, 1024, out _, out ReadOnlySequence<byte> payload));
        Assert.Equal(1022, payload.Length);

        var oneOver = new ReadOnlySequence<byte>(Encode(1, Payload(1023, seed: 3)));
        Assert.Equal(FrameReadResult.TooLarge, FrameReader.TryRead(ref oneOver, 1024, out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_maximum_below_two_is_refused(int maxFrameSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var buffer = new ReadOnlySequence<byte>(Encode(1, []));
            FrameReader.TryRead(ref buffer, maxFrameSize, out _, out _);
        });
    }

    [Fact]
    public void TryReadLength_reads_across_segments()
    {
        byte[] header = Header(0x01020304);
        Assert.True(FrameReader.TryReadLength(TestSequences.OneBytePerSegment(header), out uint length));
        Assert.Equal(0x01020304u, length);
        Assert.False(FrameReader.TryReadLength(new ReadOnlySequence<byte>(header, 0, 3), out _));
    }

    internal static void AssertSameFrames(List<(ushort Type, byte[] Payload)> expected, List<(ushort Type, byte[] Payload)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Type, actual[i].Type);
            Assert.Equal(expected[i].Payload, actual[i].Payload);
        }
    }
}
