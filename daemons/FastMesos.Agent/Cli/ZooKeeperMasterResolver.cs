using System.Net;
using System.Text.Json;
using FastMesos.Coordination;
using FastMesos.Coordination.Recipes;
using FastMesos.Transport.Connections;

namespace FastMesos.Agent.Cli;

/// <summary>
/// <c>--master=zk://host:port/path</c>: finds the leading master's address in the masters' election
/// group (the lowest <c>json.info_</c> node, whose data is Mesos' MasterInfo JSON). The agent
/// resolves once at start; following a later failover (re-detecting on disconnect) is not done yet.
/// </summary>
public static class ZooKeeperMasterResolver
{
    /// <summary>Mesos' MASTER_INFO_JSON_LABEL and the sequence separator.</summary>
    private const string MemberPrefix = "json.info_";

    public static bool IsZooKeeperUrl(string master) => master.StartsWith("zk://", StringComparison.Ordinal);

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for a leader with a readable MasterInfo; throws
    /// <see cref="TimeoutException"/> when none appears and <see cref="ZooKeeperException"/> when
    /// ZooKeeper cannot be reached.
    /// </summary>
    public static async Task<EndPoint> ResolveAsync(string url, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        (string ensemble, string group) = ZooKeeperConnectionString.SplitGroup(url);
        await using ZooKeeperClient client = await ZooKeeperClient.ConnectAsync(ensemble,
            new ZooKeeperClientOptions { SessionTimeout = timeout, ConnectTimeout = timeout }, cancellationToken).ConfigureAwait(false);
        var found = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        LeaderDetector detector = LeaderDetector.Start(client, group, MemberPrefix);
        await using (detector.ConfigureAwait(false))
        {
            detector.LeaderChanged += leader => Offer(found, leader);
            Offer(found, detector.Current); // reported before the handler was added
            return await found.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Offer(TaskCompletionSource<EndPoint> found, LeaderInfo? leader)
    {
        if (leader is not null && TryReadEndPoint(leader.Data, out EndPoint? endPoint))
            found.TrySetResult(endPoint);
    }

    /// <summary>
    /// The master's wire address from its MasterInfo JSON: <c>address.ip</c> and <c>address.port</c>,
    /// else the <c>pid</c>'s <c>ip:port</c>. False for anything else (a legacy protobuf node, junk).
    /// </summary>
    public static bool TryReadEndPoint(byte[] data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EndPoint? endPoint)
    {
        endPoint = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(data);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return false;
            if (root.TryGetProperty("address", out JsonElement address) && address.ValueKind == JsonValueKind.Object
                && address.TryGetProperty("ip", out JsonElement ip) && ip.ValueKind == JsonValueKind.String
                && address.TryGetProperty("port", out JsonElement port) && port.TryGetInt32(out int portNumber)
                && MasterAddress.TryParse($"{ip.GetString()}:{portNumber}", out endPoint, out _))
                return true;
            if (root.TryGetProperty("pid", out JsonElement pid) && pid.ValueKind == JsonValueKind.String
                && pid.GetString() is { } text && text.IndexOf('@') is int at and >= 0)
                return MasterAddress.TryParse(text[(at + 1)..], out endPoint, out _);
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
