using System.Buffers;

namespace FastMesos.Transport.Tests;

/// <summary>Builds multi-segment sequences from linked segments: the shapes a pipe hands a frame reader or a decoder.</summary>
internal static class TestSequences
{
    /// <summary><paramref name="data"/> cut at ascending offsets; equal offsets make empty segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var first = new Segment(ReadOnlyMemory<byte>.Empty, 0);
        Segment last = first;
        int start = 0;
        foreach (int cut in cuts)
        {
            last = last.Append(data.AsMemory(start, cut - start));
            start = cut;
        }

        last = last.Append(data.AsMemory(start));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>One segment per byte.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data)
    {
        var cuts = new int[Math.Max(0, data.Length - 1)];
        for (int i = 0; i < cuts.Length; i++)
            cuts[i] = i + 1;
        return Split(data, cuts);
    }

    /// <summary>Random cuts drawn from <paramref name="random"/>, at most <paramref name="maxCuts"/>.</summary>
    public static ReadOnlySequence<byte> RandomSplit(byte[] data, Random random, int maxCuts = 8)
    {
        int count = random.Next(0, maxCuts + 1);
        var cuts = new int[count];
        for (int i = 0; i < count; i++)
            cuts[i] = random.Next(0, data.Length + 1);
        Array.Sort(cuts);
        return Split(data, cuts);
    }

    /// <summary>
    /// Offsets into a payload of <paramref name="length"/> bytes worth testing one by one: all of them
    /// for short payloads; for long ones both ends (headers, last fields) and a seeded sample between,
    /// which keeps per-offset tests linear in payload size.
    /// </summary>
    public static IEnumerable<int> Offsets(int length, int all = 400)
    {
        if (length <= all)
        {
            for (int i = 0; i < length; i++)
                yield return i;
            yield break;
        }
        for (int i = 0; i < 64; i++)
        {
            yield return i;
            yield return length - 1 - i;
        }
        var random = new Random(length);
        for (int i = 0; i < all - 128; i++)
            yield return random.Next(64, length - 64);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
