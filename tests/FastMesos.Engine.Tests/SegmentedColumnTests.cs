namespace FastMesos.Engine.Tests;

/// <summary>The task ledger's columns: segments of 16, 32, 64, … entries, grown without copying.</summary>
public sealed class SegmentedColumnTests
{
    [Fact]
    public void Every_index_keeps_its_value_as_the_column_grows_and_capacity_stays_within_twice_the_need_plus_14()
    {
        var column = new SegmentedColumn<int>();
        Assert.Equal(0, column.Capacity);
        for (int i = 0; i < 10_000; i++)
        {
            column.EnsureCapacity(i + 1);
            Assert.InRange(column.Capacity, i + 1, 2 * (i + 1) + 14);
            column[i] = i * 7 + 1;
        }

        for (int i = 0; i < 10_000; i++)
            Assert.Equal(i * 7 + 1, column[i]);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(15, 16)]
    [InlineData(16, 48)]
    [InlineData(47, 48)]
    [InlineData(48, 112)]
    public void Segments_double(int index, int capacity)
    {
        var column = new SegmentedColumn<string?>();
        column.EnsureCapacity(index + 1);
        Assert.Equal(capacity, column.Capacity);
        column[index] = "x";
        Assert.Equal("x", column[index]);
        Assert.Null(column[capacity - 1 == index ? 0 : capacity - 1]);
    }
}
