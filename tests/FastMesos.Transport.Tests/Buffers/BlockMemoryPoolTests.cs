using System.IO.Pipelines;
using FastMesos.Transport.Buffers;

namespace FastMesos.Transport.Tests.Buffers;

/// <summary>The bounded block pool: reuse, the retention cap, misuse.</summary>
public sealed class BlockMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_handed_out_again()
    {
        using var pool = new BlockMemoryPool(blockSize: 1024);
        var first = pool.Rent();
        Assert.Equal(1024, first.Memory.Length);
        first.Dispose();

        var second = pool.Rent(100);
        Assert.Same(first, second);
        Assert.Equal(1, pool.AllocatedBlocks);
        Assert.Equal(2, pool.RentCount);
        second.Dispose();
    }

    [Fact]
    public void Idle_blocks_beyond_the_cap_go_back_to_the_GC()
    {
        using var pool = new BlockMemoryPool(blockSize: 64, maxRetainedBlocks: 2);
        var blocks = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(block => block.Dispose());
        Assert.Equal(2, pool.RetainedBlocks);

        var again = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        Assert.Equal(8, pool.AllocatedBlocks);
        Assert.Equal(0, pool.RetainedBlocks);
        again.ForEach(block => block.Dispose());
    }

    [Fact]
    public void Misuse_is_refused()
    {
        using var pool = new BlockMemoryPool(blockSize: 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(65));
        var block = pool.Rent();
        block.Dispose();
        Assert.Throws<InvalidOperationException>(block.Dispose);
        Assert.Equal(1, pool.RetainedBlocks);
    }

    [Fact]
    public async Task Serves_a_pipe_and_gets_every_block_back()
    {
        using var pool = new BlockMemoryPool(blockSize: 4096);
        var pipe = new Pipe(new PipeOptions(pool, pauseWriterThreshold: 0, useSynchronizationContext: false));
        await pipe.Writer.WriteAsync(new byte[100_000]);
        ReadResult read = await pipe.Reader.ReadAsync();
        Assert.Equal(100_000, read.Buffer.Length);
        pipe.Reader.AdvanceTo(read.Buffer.End);
        await pipe.Writer.CompleteAsync();
        await pipe.Reader.CompleteAsync();

        Assert.Equal(pool.AllocatedBlocks, pool.RetainedBlocks);
        Assert.True(pool.AllocatedBlocks >= 25);
    }
}
