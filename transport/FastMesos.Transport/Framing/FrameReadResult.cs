namespace FastMesos.Transport.Framing;

/// <summary>What <see cref="FrameReader.TryRead"/> found at the start of a buffer.</summary>
public enum FrameReadResult
{
    /// <summary>A whole frame; the buffer now starts after it.</summary>
    Frame,

    /// <summary>The buffer holds only part of a frame; read more and try again. The buffer is unchanged.</summary>
    NeedMore,

    /// <summary>The declared length exceeds the maximum frame size. The stream cannot be resynchronised.</summary>
    TooLarge,

    /// <summary>The declared length is below two, so there is not even a message type. The stream cannot be resynchronised.</summary>
    Malformed,
}
