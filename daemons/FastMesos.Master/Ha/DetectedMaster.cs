namespace FastMesos.Master.Ha;

/// <summary>
/// The leading master as a standby read it from the leader's znode: its pid, where HTTP clients are
/// redirected (hostname, or the IP when the leader has none, and port), and the znode's MasterInfo
/// JSON as it was (reported verbatim as <c>leader_info</c>).
/// </summary>
public sealed record DetectedMaster(string Id, string Pid, string Host, int Port, byte[] Json);
