using System.Text;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

public sealed class StringPoolTests
{
    [Fact]
    public void Repeated_bytes_return_the_same_instance()
    {
        var pool = new StringPool(16);
        string a = pool.GetOrAdd("framework-0007"u8);
        string b = pool.GetOrAdd("framework-0007"u8);
        Assert.Equal("framework-0007", a);
        Assert.Same(a, b);
    }

    [Fact]
    public void A_string_added_by_its_maker_is_what_its_bytes_decode_to()
    {
        var pool = new StringPool(16, 128, seed: 1);
        string taskId = string.Concat("web.instance-", "0001._app.1");   // made at run time
        string accented = string.Concat("tâche-", "1");
        pool.Add(taskId);
        pool.Add(accented);
        pool.Add(taskId);   // a second add changes nothing
        Assert.Same(taskId, pool.GetOrAdd(Encoding.UTF8.GetBytes(taskId)));
        Assert.Same(accented, pool.GetOrAdd(Encoding.UTF8.GetBytes(accented)));

        // What the pool would not intern, it does not take: too long (in UTF-8 bytes), or not UTF-16.
        string tooLong = new('é', 100);   // 100 chars, 200 bytes
        pool.Add(tooLong);
        Assert.NotSame(tooLong, pool.GetOrAdd(Encoding.UTF8.GetBytes(tooLong)));
        pool.Add("\ud800");   // a lone surrogate: not valid UTF-16, ignored
        StringPool.None.Add(taskId);
        Assert.NotSame(taskId, StringPool.None.GetOrAdd(Encoding.UTF8.GetBytes(taskId)));
    }

    [Fact]
    public void Evicted_and_colliding_entries_still_decode_correctly()
    {
        // Two slots for a thousand strings: almost every lookup collides or evicts.
        var pool = new StringPool(2);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 1000; i++)
            {
                string expected = "id-" + i + "-é中😀";
                Assert.Equal(expected, pool.GetOrAdd(Encoding.UTF8.GetBytes(expected)));
            }
        }
    }

    [Fact]
    public void Non_ASCII_strings_are_found_again_and_never_confused_with_ASCII_ones()
    {
        // Seeded: the pool is two-way set associative with a random seed per process, and with some
        // seeds all three strings fall into one slot pair and the first is evicted (CI failed so once).
        var pool = new StringPool(16, 128, seed: 1);
        byte[] accented = Encoding.UTF8.GetBytes("héllo");   // 6 bytes, 5 chars
        string first = pool.GetOrAdd(accented);
        Assert.Equal("héllo", first);
        Assert.Same(first, pool.GetOrAdd(accented));
        // Same byte length as the accented one, and as long in chars as it is in bytes.
        Assert.Equal("hello!", pool.GetOrAdd("hello!"u8));
        Assert.Equal("hellö", pool.GetOrAdd(Encoding.UTF8.GetBytes("hellö")));
        Assert.Same(first, pool.GetOrAdd(accented));
    }

    [Fact]
    public void Long_strings_and_a_disabled_pool_do_not_intern()
    {
        var pool = new StringPool(16, maxBytes: 8);
        byte[] longer = "0123456789"u8.ToArray();
        Assert.NotSame(pool.GetOrAdd(longer), pool.GetOrAdd(longer));
        Assert.NotSame(StringPool.None.GetOrAdd("abc"u8), StringPool.None.GetOrAdd("abc"u8));
        Assert.Same(string.Empty, pool.GetOrAdd([]));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xFF, 0x61 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 })]
    public void Invalid_UTF8_is_a_decode_error(byte[] bytes)
    {
        Assert.Throws<MessageDecodeException>(() => new StringPool(16).GetOrAdd(bytes));
        // Past the interning limit the strict decoder runs instead; it must refuse the same input.
        byte[] padded = [.. new byte[300].Select(_ => (byte)'a'), .. bytes];
        Assert.Throws<MessageDecodeException>(() => new StringPool(16).GetOrAdd(padded));
    }

    [Fact]
    public void Concurrent_lookups_always_return_the_right_string()
    {
        var pool = new StringPool(8);
        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                string expected = "task-" + ((i * 7 + worker) % 50);
                Assert.Equal(expected, pool.GetOrAdd(Encoding.UTF8.GetBytes(expected)));
            }
        });
    }
}
