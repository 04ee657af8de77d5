using System.IO.Pipelines;

namespace FastMesos.Transport.Connections;

/// <summary>
/// The receive pipe's reader as a non-wire fallback sees it: a read that has to wait resumes on the
/// thread pool, not on the thread that wrote the bytes. The receive pipe runs its reader inline on
/// the socket's receive path (the frame loop wants that), and with inline socket completions
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, which the master sets) that path is the
/// runtime's event thread: an HTTP request served there (a state query takes tens of milliseconds)
/// would stall every other socket the thread serves.
/// </summary>
internal sealed class PoolResumingPipeReader(PipeReader inner) : PipeReader
{
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<ReadResult> read = inner.ReadAsync(cancellationToken);
        return read.IsCompleted ? read : ResumeOnPoolAsync(read);
    }

    private static async ValueTask<ReadResult> ResumeOnPoolAsync(ValueTask<ReadResult> read)
    {
        ReadResult result = await read.ConfigureAwait(false);
        // Here we run on whichever thread completed the read; the caller's continuation must not.
        await Task.Yield();
        return result;
    }

    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);
}
