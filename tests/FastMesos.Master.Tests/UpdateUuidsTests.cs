using FastMesos.Simulator;

namespace FastMesos.Master.Tests;

/// <summary>
/// The simulated agents' update uuids: every call in a process makes a new one (the master and the
/// framework match an acknowledgement to its update by it), from any number of threads at once.
/// </summary>
public sealed class UpdateUuidsTests
{
    [Fact]
    public async Task Calls_from_many_threads_never_make_the_same_uuid()
    {
        const int Threads = 4, PerThread = 50_000;
        Task<Guid[]>[] workers = new Task<Guid[]>[Threads];
        for (int t = 0; t < Threads; t++)
        {
            workers[t] = Task.Run(() =>
            {
                var made = new Guid[PerThread];
                for (int i = 0; i < made.Length; i++)
                    made[i] = UpdateUuids.Next();
                return made;
            });
        }

        var seen = new HashSet<Guid>();
        foreach (Guid[] made in await Task.WhenAll(workers))
        {
            foreach (Guid uuid in made)
                Assert.True(seen.Add(uuid), $"{uuid} was made twice");
        }

        Assert.Equal(Threads * PerThread, seen.Count);
    }

    [Fact]
    public void A_uuid_carries_the_RFC_9562_variant()
    {
        Span<byte> bytes = stackalloc byte[16];
        Assert.True(UpdateUuids.Next().TryWriteBytes(bytes, bigEndian: true, out _));
        Assert.Equal(0x80, bytes[8] & 0xc0);
    }
}
