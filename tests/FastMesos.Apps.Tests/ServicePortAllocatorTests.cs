using FastMesos.Apps.Matching;

namespace FastMesos.Apps.Tests;

public sealed class ServicePortAllocatorTests
{
    [Fact]
    public void Zero_gets_the_next_free_port_from_the_range_unique_across_apps()
    {
        var a = new ServicePortAllocator();
        Assert.True(a.TryAssign("/a", [0, 0], out int[] pa, out _, out _));
        Assert.True(a.TryAssign("/b", [0], out int[] pb, out _, out _));
        Assert.Equal([10000, 10001], pa);
        Assert.Equal([10002], pb);
        Assert.True(a.IsInUse(10001));
    }

    [Fact]
    public void Explicit_ports_are_kept_and_conflicts_reported()
    {
        var a = new ServicePortAllocator();
        Assert.True(a.TryAssign("/a", [10000, 0], out int[] pa, out List<int> conflicts, out _));
        Assert.Equal([10000, 10001], pa);
        Assert.Empty(conflicts);
        Assert.True(a.TryAssign("/b", [10001, 80], out int[] pb, out conflicts, out _));
        Assert.Equal([10001, 80], pb);
        Assert.Equal([10001], conflicts);
        // Released by one holder, still held by the other.
        Assert.True(a.Release("/b"));
        Assert.True(a.IsInUse(10001));
        Assert.False(a.IsInUse(80));
    }

    [Fact]
    public void An_update_gets_the_app_its_previous_ports_back()
    {
        var a = new ServicePortAllocator();
        a.TryAssign("/a", [0, 0], out _, out _, out _);          // 10000, 10001
        a.TryAssign("/b", [0], out _, out _, out _);             // 10002
        Assert.True(a.TryAssign("/a", [0, 0, 0], out int[] again, out _, out _));
        Assert.Equal([10000, 10001, 10003], again);
        Assert.True(a.TryAssign("/a", [0], out again, out _, out _));
        Assert.Equal([10000], again);
        Assert.False(a.IsInUse(10001)); // shrinking released the rest
    }

    [Fact]
    public void Removing_an_app_releases_its_ports()
    {
        var a = new ServicePortAllocator(100, 101);
        a.TryAssign("/a", [0, 0], out _, out _, out _);
        Assert.False(a.TryAssign("/b", [0], out _, out _, out string? error));
        Assert.Equal("All ports in the range [100-101) are already in use", error);
        Assert.True(a.Release("/a"));
        Assert.False(a.Release("/a"));
        Assert.True(a.TryAssign("/b", [0], out int[] pb, out _, out _));
        Assert.Single(pb);
    }

    [Fact]
    public void Exhaustion_leaves_the_app_as_it_was()
    {
        var a = new ServicePortAllocator(100, 102);
        a.TryAssign("/a", [0], out _, out _, out _);
        a.TryAssign("/b", [0], out _, out _, out _);
        Assert.False(a.TryAssign("/a", [0, 0, 0], out int[] none, out _, out _));
        Assert.Empty(none);
        Assert.Equal([100], a.PortsOf("/a"));
        Assert.True(a.IsInUse(100));
        Assert.True(a.TryAssign("/a", [0, 0], out int[] two, out _, out _));
        Assert.Equal([100, 102], two);
    }

    [Fact]
    public void Invalid_ranges_and_ports_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServicePortAllocator(200, 100));
        var a = new ServicePortAllocator();
        Assert.Throws<ArgumentOutOfRangeException>(() => a.TryAssign("/a", [70000], out _, out _, out _));
    }
}
