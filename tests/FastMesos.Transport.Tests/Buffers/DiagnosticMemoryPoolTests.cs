namespace FastMesos.Transport.Tests.Buffers;

/// <summary>The diagnostic pool catches what it promises to: leaks, double returns, use after return.</summary>
public sealed class DiagnosticMemoryPoolTests
{
    [Fact]
    public async Task A_leaked_block_fails_the_check()
    {
        var pool = new DiagnosticMemoryPool();
        var leaked = pool.Rent();

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => pool.AssertAllReturnedAsync(TimeSpan.FromMilliseconds(50)));
        Assert.Contains("1 pool blocks were never returned", failure.Message);

        leaked.Dispose();
        await pool.AssertAllReturnedAsync();
    }

    [Fact]
    public async Task A_double_return_is_recorded()
    {
        var pool = new DiagnosticMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        Assert.Throws<InvalidOperationException>(block.Dispose);
        await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() => pool.AssertAllReturnedAsync());
    }

    [Fact]
    public void Use_after_return_is_recorded()
    {
        var pool = new DiagnosticMemoryPool();
        var block = pool.Rent();
        Memory<byte> memory = block.Memory;
        memory.Span[0] = 1;
        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => memory.Span[0] = 2);
        Assert.Throws<ObjectDisposedException>(() => memory.Pin());
        Assert.Contains("a block was used after its return (GetSpan)", pool.Errors);
    }
}
