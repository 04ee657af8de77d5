namespace FastMesos.Marathon.Runtime.Probing;

/// <summary>How a response's body ends and whether its connection may carry the next probe (from its headers).</summary>
internal struct ResponseFraming
{
    /// <summary>-1 when the response has no <c>Content-Length</c>.</summary>
    public long ContentLength;

    public bool Chunked;

    /// <summary>A <c>Transfer-Encoding</c> other than chunked last: the body runs to the connection's close.</summary>
    public bool HasTransferEncoding;

    /// <summary><c>Connection: close</c>.</summary>
    public bool Close;

    /// <summary><c>Connection: keep-alive</c> (what lets an HTTP/1.0 response keep its connection).</summary>
    public bool KeepAlive;

    public static ResponseFraming None => new() { ContentLength = -1 };
}
