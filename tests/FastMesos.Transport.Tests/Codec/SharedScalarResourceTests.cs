using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>Decoded scalar resources equal in every field are one shared object; anything different is its own.</summary>
public sealed class SharedScalarResourceTests
{
    [Fact]
    public void Equal_scalars_decode_to_one_object_and_different_ones_do_not()
    {
        Resources first = Decode("cpus:0.01;mem:32;disk:0.5;ports:[31000-31000]");
        Resources second = Decode("cpus:0.01;mem:32;disk:0.5;ports:[31001-31001]");
        Resources other = Decode("cpus:0.02;mem(web):32;disk:0.5");

        Assert.Same(Find(first, "cpus"), Find(second, "cpus"));
        Assert.Same(Find(first, "mem"), Find(second, "mem"));
        Assert.NotSame(Find(first, "ports"), Find(second, "ports"));
        Assert.NotSame(Find(first, "cpus"), Find(other, "cpus"));
        Assert.NotSame(Find(first, "mem"), Find(other, "mem"));
        Assert.Equal("web", Find(other, "mem").Role);
        Assert.Equal(Resources.Parse("cpus:0.02;mem(web):32;disk:0.5"), other);
    }

    [Fact]
    public void A_dynamic_reservation_s_principal_is_part_of_what_is_shared()
    {
        Resource alice = Resource.CreateScalar("cpus", Scalar.FromDouble(1), "ops", ReservationType.Dynamic, "alice");
        Resource bob = Resource.CreateScalar("cpus", Scalar.FromDouble(1), "ops", ReservationType.Dynamic, "bob");

        Resource decodedAlice = Find(Decode(Resources.From(alice)), "cpus");
        Assert.Same(decodedAlice, Find(Decode(Resources.From(alice)), "cpus"));
        Resource decodedBob = Find(Decode(Resources.From(bob)), "cpus");

        Assert.Equal("alice", decodedAlice.Principal);
        Assert.Equal("bob", decodedBob.Principal);
        Assert.NotSame(decodedAlice, decodedBob);
    }

    private static Resources Decode(string text) => Decode(Resources.Parse(text));

    private static Resources Decode(Resources bag)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        ResourcesFormatter.Instance.Write(ref writer, bag);
        writer.Flush();
        var reader = new MessagePack.MessagePackReader(buffer.WrittenMemory);
        return ResourcesFormatter.Instance.Read(ref reader, StringPool.None);
    }

    private static Resource Find(Resources bag, string name)
    {
        foreach (Resource r in bag)
        {
            if (r.Name == name)
                return r;
        }

        throw new InvalidOperationException($"no {name} in {bag}");
    }
}
