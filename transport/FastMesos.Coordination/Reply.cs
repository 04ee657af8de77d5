namespace FastMesos.Coordination;

/// <summary>A call's outcome: the error code, the body after the ReplyHeader (empty when the server sent none) and the connection it came on (closed if the body proves malformed).</summary>
internal readonly record struct Reply(ZooKeeperErrorCode Error, byte[] Body, ServerConnection Connection);
