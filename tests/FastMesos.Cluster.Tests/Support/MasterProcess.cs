namespace FastMesos.Cluster.Tests.Support;

/// <summary>A <c>fastmesos master --zk=...</c> child process and the HTTP base address it printed.</summary>
internal sealed record MasterProcess(ChildProcess Process, Uri Url)
{
    public override string ToString() => $"{Url} (pid {Process.Id})";
}
