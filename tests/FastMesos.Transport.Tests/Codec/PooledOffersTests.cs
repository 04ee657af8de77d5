using System.Buffers;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using FastMesos.Transport.Tests.Buffers;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// Offers decoded for a visitor live in a pooled array lent for the visit: a steady stream decodes
/// with 0 bytes allocated, every array goes back (also when the payload is malformed or the visitor
/// throws), and a kept event reads as empty afterwards rather than as someone else's offers.
/// </summary>
public sealed class PooledOffersTests
{
    private static readonly ushort OffersType = (ushort)MessageType.OffersEvent;

    [Fact]
    public void Decoding_offers_for_a_visitor_allocates_nothing_and_returns_every_array()
    {
        OffersEvent sent = AllocationTests.TenOffers();
        ReadOnlySequence<byte> payload = AllocationTests.Encoded(sent);
        StringPool strings = AllocationTests.SeededPool();
        var arrays = new CountingArrayPool<Offer>();
        var visitor = new SummingVisitor();

        long bytes = AllocationTests.AllocatedBy(() => MessageCodec.Decode(OffersType, payload, visitor, strings, arrays));

        Assert.Equal(0, bytes / AllocationTests.Iterations);
        Assert.Equal(0, bytes);
        arrays.AssertAllReturned();
        Assert.True(arrays.TotalRented > AllocationTests.Iterations);
        // The visitor saw every offer, in order, each time.
        Assert.Equal(10, visitor.LastCount);
        Assert.Equal(sent.Offers[9].Id, visitor.LastId);
        Assert.Equal(0, visitor.Mismatches);
    }

    [Fact]
    public void The_visitor_sees_the_offers_that_were_sent_and_a_kept_event_is_empty_after_the_visit()
    {
        OffersEvent sent = AllocationTests.TenOffers();
        var arrays = new CountingArrayPool<Offer>();
        var keeper = new KeepingVisitor();

        MessageCodec.Decode(OffersType, AllocationTests.Encoded(sent), keeper, new StringPool(1024), arrays);

        Structural.AssertEqual(sent, keeper.Copied);
        Assert.Empty(keeper.Kept!.Offers);
        Assert.Throws<ArgumentOutOfRangeException>(() => keeper.Kept.Offers[0]);
        arrays.AssertAllReturned();
    }

    [Fact]
    public void A_visitor_that_decodes_offers_inside_its_visit_gets_its_own_storage()
    {
        OffersEvent sent = AllocationTests.TenOffers();
        ReadOnlySequence<byte> payload = AllocationTests.Encoded(sent);
        var arrays = new CountingArrayPool<Offer>();
        var inner = new KeepingVisitor();
        var outer = new NestingVisitor(payload, inner, arrays);

        MessageCodec.Decode(OffersType, payload, outer, new StringPool(1024), arrays);

        Structural.AssertEqual(sent, inner.Copied);
        Structural.AssertEqual(sent, outer.After);
        arrays.AssertAllReturned();
    }

    [Fact]
    public void Malformed_offers_and_a_throwing_visitor_return_the_array_and_keep_the_field_path()
    {
        var offer = new Offer
        {
            Id = new OfferId("o"), FrameworkId = new FrameworkId("f"), AgentId = new AgentId("a"), Hostname = "h",
            Resources = Resources.Parse("cpus:1;mem(web):2"),
        };
        byte[] bytes = Payload.Encode(new OffersEvent { Offers = [offer, offer] });
        var arrays = new CountingArrayPool<Offer>();

        // Trailing bytes after a complete, valid list of offers.
        byte[] trailing = [.. bytes, 0xC0];
        var e = Assert.Throws<MessageDecodeException>(() =>
            MessageCodec.Decode(OffersType, new ReadOnlySequence<byte>(trailing), new KeepingVisitor(), StringPool.None, arrays));
        Assert.Contains("OffersEvent", e.Message);
        arrays.AssertAllReturned();

        // The second offer's role "web" becomes "w b": the error names the field, nothing stays rented.
        int at = bytes.AsSpan().LastIndexOf("web"u8);
        bytes[at + 1] = (byte)' ';
        e = Assert.Throws<MessageDecodeException>(() =>
            MessageCodec.Decode(OffersType, new ReadOnlySequence<byte>(bytes), new KeepingVisitor(), StringPool.None, arrays));
        Assert.Equal("Offers[1].Resources[1]", e.Path);
        arrays.AssertAllReturned();

        byte[] valid = Payload.Encode(new OffersEvent { Offers = [offer] });
        Assert.Throws<InvalidOperationException>(() =>
            MessageCodec.Decode(OffersType, new ReadOnlySequence<byte>(valid), new ThrowingVisitor(), StringPool.None, arrays));
        arrays.AssertAllReturned();
        Assert.Equal(3, arrays.TotalRented);
    }

    [Fact]
    public void A_list_longer_than_the_pooling_limit_decodes_into_a_plain_array()
    {
        var offer = new Offer { Id = new OfferId("o"), FrameworkId = new FrameworkId("f"), AgentId = new AgentId("a"), Hostname = "h" };
        var many = new Offer[CodecLimits.MaxPooledListLength + 1];
        Array.Fill(many, offer);
        var arrays = new CountingArrayPool<Offer>();
        var keeper = new KeepingVisitor();

        MessageCodec.Decode(OffersType, new ReadOnlySequence<byte>(Payload.Encode(new OffersEvent { Offers = many })), keeper,
            StringPool.None, arrays);

        Assert.Equal(many.Length, keeper.Copied!.Offers.Count);
        Assert.Equal(offer.Id, keeper.Copied.Offers[^1].Id);
        Assert.Equal(0, arrays.TotalRented);
        Assert.Empty(keeper.Kept!.Offers);
        arrays.AssertAllReturned();
    }

    /// <summary>Reads every offer by index, as an allocation-free consumer does.</summary>
    private sealed class SummingVisitor : IMessageVisitor
    {
        public int LastCount;
        public OfferId LastId;
        public int Mismatches;

        public void Unexpected(MessageType type) => Mismatches++;

        public void Visit(in OffersEvent message)
        {
            IReadOnlyList<Offer> offers = message.Offers;
            LastCount = offers.Count;
            for (int i = 0; i < offers.Count; i++)
            {
                if (offers[i].Resources.IsEmpty)
                    Mismatches++;
                LastId = offers[i].Id;
            }
        }
    }

    private sealed class KeepingVisitor : IMessageVisitor
    {
        public OffersEvent? Kept;
        public OffersEvent? Copied;

        public void Unexpected(MessageType type) => throw new InvalidOperationException(type.ToString());

        public void Visit(in OffersEvent message) => (Kept, Copied) = (message, message.Copy());
    }

    private sealed class NestingVisitor(ReadOnlySequence<byte> payload, IMessageVisitor inner, ArrayPool<Offer> arrays) : IMessageVisitor
    {
        public OffersEvent? After;

        public void Unexpected(MessageType type) => throw new InvalidOperationException(type.ToString());

        public void Visit(in OffersEvent message)
        {
            MessageCodec.Decode(OffersType, payload, inner, StringPool.None, arrays);
            // The nested decode must not have touched the storage lent to this visit.
            After = message.Copy();
        }
    }

    private sealed class ThrowingVisitor : IMessageVisitor
    {
        public void Unexpected(MessageType type) => throw new InvalidOperationException(type.ToString());

        public void Visit(in OffersEvent message) => throw new InvalidOperationException("visitor failed");
    }
}
