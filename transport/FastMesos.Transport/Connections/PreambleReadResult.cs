namespace FastMesos.Transport.Connections;

/// <summary>What <see cref="Preamble.TryRead"/> found.</summary>
public enum PreambleReadResult
{
    /// <summary>A whole preamble; the buffer now starts after it.</summary>
    Complete,

    /// <summary>Only part of a preamble so far.</summary>
    NeedMore,

    /// <summary>The bytes that arrived do not start with "FMSH": not a FastMesos peer (perhaps HTTP).</summary>
    BadMagic,

    /// <summary>The declared token is longer than <see cref="Preamble.MaxTokenLength"/>.</summary>
    TokenTooLong,
}
