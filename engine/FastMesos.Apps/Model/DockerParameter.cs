namespace FastMesos.Apps.Model;

/// <summary>An arbitrary <c>docker run</c> flag (Docker containerizer only).</summary>
public sealed record DockerParameter(string Key, string Value);
