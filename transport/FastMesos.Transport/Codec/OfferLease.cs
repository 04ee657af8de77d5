using System.Buffers;
using System.Collections;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// The storage a visitor-bound decode of an <see cref="OffersEvent"/> lends for one visit: an
/// <see cref="Offer"/> array rented from an <see cref="ArrayPool{T}"/> (offers are structs, so they
/// sit inline) and one <see cref="OffersEvent"/> whose <see cref="OffersEvent.Offers"/> is this list,
/// created once per lease. Leases are cached per thread, so a steady stream of offers decodes with
/// 0 bytes allocated. Invariants: between <see cref="Take"/> and <see cref="Release"/> the lease
/// belongs to one decode; after <see cref="Release"/> the array is cleared and back in its pool and
/// the list reads as empty, so a visitor that kept the event (against the borrowing contract) sees no
/// offers rather than a stranger's — until the thread's next offers decode refills it.
/// </summary>
internal sealed class OfferLease : IReadOnlyList<Offer>
{
    // One per thread; a visitor that decodes offers inside its own visit finds the slot empty and
    // takes a fresh lease, so nested decodes never share storage.
    [ThreadStatic]
    private static OfferLease? t_cached;

    private ArrayPool<Offer> _pool = ArrayPool<Offer>.Shared;
    private Offer[] _offers = [];
    private int _count;

    private OfferLease() => Event = new OffersEvent { Offers = this };

    /// <summary>The event handed to the visitor; its offers are this lease's.</summary>
    public OffersEvent Event { get; }

    public int Count => _count;

    public Offer this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
                ThrowIndex(index);
            return _offers[index];
        }
    }

    public static OfferLease Take(ArrayPool<Offer> pool)
    {
        OfferLease lease = t_cached ?? new OfferLease();
        t_cached = null;
        lease._pool = pool;
        return lease;
    }

    /// <summary>Decodes one OffersEvent payload into this lease; on failure nothing stays rented.</summary>
    public void Fill(ref MessagePackReader reader, StringPool strings)
    {
        // Locals first: a failed read must leave the lease empty, not with a count and no array.
        Offer[] offers = OffersEventFormatter.ReadOffers(ref reader, strings, _pool, out int count);
        _offers = offers;
        _count = count;
    }

    /// <summary>Clears the offers (they reference strings and bags), returns the array and caches the lease.</summary>
    public void Release()
    {
        // A list too long to pool was a plain array: the collector takes it with the lease's reference.
        if (_offers.Length > 0 && Wire.IsPooled(_count))
        {
            Array.Clear(_offers, 0, _count);
            _pool.Return(_offers);
        }
        _offers = [];
        _count = 0;
        t_cached = this;
    }

    // Enumerating through the interface allocates an iterator; index the list to stay allocation-free.
    public IEnumerator<Offer> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
            yield return _offers[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "past the offers of this event");
}
