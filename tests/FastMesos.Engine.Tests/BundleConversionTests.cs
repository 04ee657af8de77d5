using FastMesos.Messages;

namespace FastMesos.Engine.Tests;

/// <summary>
/// The allocator's dense bundles convert back to the bag they were made from: what every offer
/// sent carries (<c>Allocator.ToResources</c> writes the entries straight into the bag's array,
/// trusting that a bundle holds one entry per kind and none empty).
/// </summary>
public class BundleConversionTests
{
    [Theory]
    [InlineData("")]
    [InlineData("cpus:24;mem:4096;disk:4096")]
    [InlineData("cpus:0.1;mem:32;ports:[31000-31005, 31010-31020]")]
    [InlineData("cpus:2;cpus(web):1;mem(web):64;ports(web):[80-80];gpus:1")]
    [InlineData("cpus:1;disks:{a, b, c}")]
    public void A_bag_survives_the_round_trip_through_a_bundle(string text)
    {
        var allocator = new Allocator();
        Resources bag = Resources.Parse(text);

        Resources back = allocator.ToResources(allocator.ToBundle(bag, validateRoles: true));

        // Equal as bags; the entries come back grouped by reservation, unreserved first.
        Assert.Equal(bag, back);
        Assert.Equal(bag.Count, back.Count);
    }
}
