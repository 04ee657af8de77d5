namespace FastMesos.Apps.Model;

/// <summary>One artifact of <c>fetch</c>, handed to the Mesos fetcher.</summary>
public sealed record FetchUri
{
    public string Uri { get; init; } = "";
    public bool Extract { get; init; } = true;
    public bool Executable { get; init; }
    public bool Cache { get; init; }
    public string? DestPath { get; init; }
}
