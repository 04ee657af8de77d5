using System.Buffers;

namespace FastMesos.Transport.Framing;

/// <summary>
/// Writes one frame's payload straight into the connection's output, so an encoder (a
/// <c>MessagePackWriter</c> over the output) never goes through an intermediate
/// buffer. Implement it on a small struct, or a <c>ref struct</c> holding a reference to the message:
/// <see cref="FrameWriter.TryWriteFrame{TPayload}"/> is generic over it, so the call is direct.
/// </summary>
/// <remarks>
/// Rules for implementations: write only through <c>output</c> (<c>GetSpan</c>/<c>GetMemory</c>
/// then <c>Advance</c>); advance everything written before returning (call
/// <c>MessagePackWriter.Flush()</c>); never flush the pipe or keep <c>output</c>; throw only for a
/// bug, since a throw leaves half a frame behind and the connection is closed.
/// </remarks>
public interface IFramePayload
{
    /// <summary>Writes the payload bytes (not the header) to <paramref name="output"/>.</summary>
    void WritePayload(IBufferWriter<byte> output);
}
