using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// The value cache's last entry: a bag equal to the one just decoded is taken from it without the
/// walk and the hash; anything else (another bag, bytes that only begin like it, a bag split over
/// segments) decodes as without it.
/// </summary>
public sealed class EncodedValueCacheTests
{
    private static readonly string[] Bags =
        ["cpus:0.1;mem:32", "cpus:0.1;mem:32", "cpus:24;mem:4096;ports:[31000-32000]", "cpus:0.1;mem:32", "cpus:0.1;mem:32", "cpus:0.1;mem:33"];

    [Fact]
    public void A_list_of_bags_decodes_to_equal_values_and_a_repeated_bag_to_one_instance()
    {
        byte[] encoded = EncodeList(Bags);
        var strings = new StringPool(1024);

        Resources[] decoded = DecodeList(new ReadOnlySequence<byte>(encoded), strings);

        for (int i = 0; i < Bags.Length; i++)
            Assert.Equal(Resources.Parse(Bags[i]), decoded[i]);
        Assert.Same(decoded[0], decoded[1]);
        Assert.Same(decoded[0], decoded[3]);
        Assert.Same(decoded[3], decoded[4]);
        Assert.NotSame(decoded[4], decoded[5]);
    }

    [Fact]
    public void Every_way_of_cutting_the_list_into_segments_decodes_it_the_same()
    {
        byte[] encoded = EncodeList(Bags);
        Resources[] expected = [.. Bags.Select(Resources.Parse)];

        for (int cut = 0; cut <= encoded.Length; cut++)
        {
            var strings = new StringPool(1024);
            // Warm the last entry with the first bag, then read the list cut at every offset.
            DecodeList(new ReadOnlySequence<byte>(EncodeList([Bags[0]])), strings);
            Resources[] decoded = DecodeList(TestSequences.Split(encoded, cut), strings);
            Assert.Equal(expected, decoded);
        }
    }

    [Fact]
    public void Bytes_that_only_begin_like_the_last_bag_are_decoded_and_rejected_as_without_the_cache()
    {
        var strings = new StringPool(1024);
        byte[] bag = EncodeBag("cpus:0.1;mem:32");
        DecodeList(new ReadOnlySequence<byte>(EncodeList(["cpus:0.1;mem:32"])), strings);

        // The bag's bytes cut one short: the cache must not take them for the bag.
        Assert.Throws<MessageDecodeException>(() => Read(bag.AsMemory(0, bag.Length - 1), strings));
    }

    private static Resources Read(ReadOnlyMemory<byte> encoded, StringPool strings)
    {
        var reader = new MessagePackReader(encoded);
        return ResourcesFormatter.Instance.Read(ref reader, strings);
    }

    private static byte[] EncodeBag(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ResourcesFormatter.Instance.Write(ref writer, Resources.Parse(text));
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] EncodeList(IReadOnlyList<string> bags)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(bags.Count);
        foreach (string text in bags)
            ResourcesFormatter.Instance.Write(ref writer, Resources.Parse(text));
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static Resources[] DecodeList(ReadOnlySequence<byte> encoded, StringPool strings)
    {
        var reader = new MessagePackReader(encoded);
        int count = reader.ReadArrayHeader();
        var bags = new Resources[count];
        for (int i = 0; i < count; i++)
            bags[i] = ResourcesFormatter.Instance.Read(ref reader, strings);
        Assert.True(reader.End);
        return bags;
    }
}
