using System.IO.Pipelines;

namespace FastMesos.Transport.Connections;

/// <summary>A reader and a writer handed out together (to a non-wire fallback, or to a raw test peer).</summary>
internal sealed class DuplexPipe : IDuplexPipe
{
    public DuplexPipe(PipeReader input, PipeWriter output)
    {
        Input = input;
        Output = output;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }
}
