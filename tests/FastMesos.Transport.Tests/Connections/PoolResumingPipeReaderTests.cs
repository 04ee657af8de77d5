using System.IO.Pipelines;
using FastMesos.Transport.Connections;

namespace FastMesos.Transport.Tests.Connections;

/// <summary>
/// A non-wire fallback (HTTP on the wire port) reads through PoolResumingPipeReader: a read that
/// waited resumes on the thread pool, never on the thread that wrote, which with inline socket
/// completions is the runtime's socket event thread.
/// </summary>
public sealed class PoolResumingPipeReaderTests
{
    [Fact]
    public async Task A_waiting_read_resumes_on_the_pool_not_on_the_writers_thread()
    {
        // Inline reader scheduler, as the TCP receive pipe has: without the wrapper the read would
        // resume on the writer's own thread.
        var pipe = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var reader = new PoolResumingPipeReader(pipe.Reader);
        ValueTask<ReadResult> pending = reader.ReadAsync();
        Assert.False(pending.IsCompleted);
        var resumed = new TaskCompletionSource<(bool Pool, int Thread, long Length)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            ReadResult result = await pending;
            resumed.TrySetResult((Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId, result.Buffer.Length));
            reader.AdvanceTo(result.Buffer.End);
        });

        int writerThread = 0;
        var writer = new Thread(() =>
        {
            writerThread = Environment.CurrentManagedThreadId;
            "GET / HTTP/1.1\r\n"u8.CopyTo(pipe.Writer.GetSpan(16));
            pipe.Writer.Advance(16);
            pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        }) { IsBackground = true };
        writer.Start();

        (bool pool, int thread, long length) = await resumed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        writer.Join();
        Assert.True(pool);
        Assert.NotEqual(writerThread, thread);
        Assert.Equal(16, length);
    }

    [Fact]
    public async Task A_read_with_data_waiting_completes_synchronously()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 1, 2, 3 });
        var reader = new PoolResumingPipeReader(pipe.Reader);

        ValueTask<ReadResult> read = reader.ReadAsync();

        Assert.True(read.IsCompletedSuccessfully);
        ReadResult result = await read;
        Assert.Equal(3, result.Buffer.Length);
        reader.AdvanceTo(result.Buffer.End);
        Assert.False(reader.TryRead(out _));
        reader.Complete();
        pipe.Writer.Complete();
    }
}
