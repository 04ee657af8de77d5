using CsCheck;

namespace FastMesos.Messages.Tests;

/// <summary>
/// <see cref="RangeMath.Normalize"/>'s shortcut for input already in normal form gives what the
/// full sort-and-merge gives, as a copy the caller cannot change.
/// </summary>
public sealed class RangeNormalizeTests
{
    private static readonly Gen<ValueRange[]> AnyRanges =
        Gen.Select(Gen.ULong[0, 60], Gen.ULong[0, 5]).Array[0, 12].Select(static pairs =>
            pairs.Select(static p => new ValueRange(p.Item1, p.Item1 + p.Item2)).ToArray());

    [Fact]
    public void An_array_normalizes_as_the_same_ranges_given_as_a_sequence()
    {
        AnyRanges.Sample(static ranges =>
        {
            ValueRange[] viaArray = RangeMath.Normalize(ranges);
            ValueRange[] viaSequence = RangeMath.Normalize(ranges.Select(static r => r));
            Assert.Equal(viaSequence, viaArray);
            Assert.True(RangeMath.IsNormal(viaArray));
            // Normal input goes the short way: still a copy.
            ValueRange[] again = RangeMath.Normalize(viaArray);
            Assert.Equal(viaArray, again);
            if (viaArray.Length > 0)
                Assert.NotSame(viaArray, again);
        });
    }

    [Fact]
    public void Ranges_at_the_top_of_the_value_space_and_inverted_ranges_keep_their_handling()
    {
        Assert.Equal([new ValueRange(10, ulong.MaxValue)], RangeMath.Normalize(new[] { new ValueRange(10, ulong.MaxValue), new ValueRange(ulong.MaxValue, ulong.MaxValue) }));
        Assert.False(RangeMath.IsNormal([new ValueRange(1, 2), new ValueRange(3, 4)]));
        Assert.True(RangeMath.IsNormal([new ValueRange(1, 2), new ValueRange(4, 4)]));
        Assert.Throws<ArgumentException>(() => RangeMath.Normalize(new[] { new ValueRange(5, 4) }));
    }
}
