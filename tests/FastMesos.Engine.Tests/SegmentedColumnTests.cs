namespace FastMesos.Engine.Tests;

/// <summary>
/// The task ledger's columns: segments of 16, 32, …, 4,096 entries, then of 8,192, grown without
/// copying; entries wider than 8 bytes stop at 4,096, so no segment is past 64 KB.
/// </summary>
public sealed class SegmentedColumnTests
{
    [Fact]
    public void Every_index_keeps_its_value_as_the_column_grows_and_capacity_stays_within_the_need_plus_one_segment()
    {
        var column = new SegmentedColumn<int>();
        Assert.Equal(0, column.Capacity);
        for (int i = 0; i < 100_000; i++)
        {
            column.EnsureCapacity(i + 1);
            Assert.InRange(column.Capacity, i + 1, Math.Min(2 * (i + 1) + 14, i + 8_192));
            column[i] = i * 7 + 1;
        }

        for (int i = 0; i < 100_000; i++)
            Assert.Equal(i * 7 + 1, column[i]);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 48)]
    [InlineData(47, 48)]
    [InlineData(48, 112)]
    [InlineData(8_175, 8_176)]   // the last growing segment holds 4,096
    [InlineData(8_176, 16_368)]  // the first fixed one 8,192
    [InlineData(16_367, 16_368)]
    [InlineData(16_368, 24_560)]
    [InlineData(1_000_000, 1_007_600)]
    public void Segments_double_up_to_8192_entries_and_then_stay_that_size(int index, int capacity)
    {
        var column = new SegmentedColumn<string?>();
        column.EnsureCapacity(index + 1);
        Assert.Equal(capacity, column.Capacity);
        column[index] = "x";
        Assert.Equal("x", column[index]);
        Assert.Null(column[capacity - 1 == index ? 0 : capacity - 1]);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(2_031, 2_032)]   // 16 … 1,024
    [InlineData(2_032, 4_080)]   // the last growing segment holds 2,048
    [InlineData(4_080, 8_176)]   // the first fixed one 4,096 (64 KB of 16-byte entries)
    [InlineData(8_176, 12_272)]
    [InlineData(1_000_000, 1_003_504)]
    public void Segments_of_16_byte_entries_stop_growing_at_4096_entries(int index, int capacity)
    {
        var column = new SegmentedColumn<(long, string?)>();
        column.EnsureCapacity(index + 1);
        Assert.Equal(capacity, column.Capacity);
        column[index] = (index, "x");
        Assert.Equal((index, "x"), column[index]);
        Assert.Equal(default, column[capacity - 1 == index ? 0 : capacity - 1]);
    }

    [Fact]
    public void A_16_byte_column_keeps_every_value_as_it_grows()
    {
        var column = new SegmentedColumn<(int, long)>();
        for (int i = 0; i < 50_000; i++)
        {
            column.EnsureCapacity(i + 1);
            Assert.InRange(column.Capacity, i + 1, i + 4_096);
            column[i] = (i, -3L * i);
        }

        for (int i = 0; i < 50_000; i++)
            Assert.Equal((i, -3L * i), column[i]);
    }
}
