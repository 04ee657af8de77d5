using System.Buffers;
using static FastMesos.Transport.Tests.Framing.TestFrames;

namespace FastMesos.Transport.Tests.Framing;

/// <summary>
/// Seeded fuzzing of the frame reader against <see cref="ReferenceFrameParser"/>: random bytes, bit
/// flips of valid streams and truncations, each under random segmentation. The reader must never
/// throw and must agree with the oracle on every frame and on where it stopped and why. A failing
/// input belongs in <see cref="FrameRegressionInputs"/> as a literal.
/// </summary>
public sealed class FrameFuzzTests
{
    private const int MaxFrameSize = 64;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            var data = new byte[random.Next(0, 80)];
            random.NextBytes(data);
            // Small lengths so some random headers are valid and the parser gets past the first frame.
            if (data.Length >= 4 && random.Next(2) == 0)
                data[0] = (byte)random.Next(0, 12);
            if (data.Length >= 4)
                data[1] = data[2] = data[3] = 0;
            AssertAgrees(data, random);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Bit_flips_of_valid_streams(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = ValidStream(random);
            int bit = random.Next(data.Length * 8);
            data[bit / 8] ^= (byte)(1 << (bit % 8));
            AssertAgrees(data, random);
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Truncations_of_valid_streams(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = ValidStream(random);
            AssertAgrees(data[..random.Next(data.Length + 1)], random);
        }
    }

    private static byte[] ValidStream(Random random)
    {
        int count = random.Next(1, 8);
        var parts = new byte[count][];
        for (int i = 0; i < count; i++)
            parts[i] = Encode((ushort)random.Next(0, 65536), Payload(random.Next(0, MaxFrameSize - 1), random.Next()));
        return Concat(parts);
    }

    private static void AssertAgrees(byte[] data, Random random)
    {
        var expected = ReferenceFrameParser.Parse(data, MaxFrameSize);
        ReadOnlySequence<byte> sequence = random.Next(4) == 0
            ? TestSequences.OneBytePerSegment(data)
            : TestSequences.RandomSplit(data, random);
        var actual = ReadAll(sequence, MaxFrameSize);

        Assert.True(expected.Last == actual.Last, $"input {Convert.ToHexString(data)}: expected {expected.Last}, got {actual.Last}");
        Assert.Equal(expected.Remaining, actual.Remaining);
        FrameReaderTests.AssertSameFrames(expected.Frames, actual.Frames);
    }
}
