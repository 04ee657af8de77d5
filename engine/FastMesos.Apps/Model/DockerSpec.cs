namespace FastMesos.Apps.Model;

/// <summary><c>container.docker</c>: the image and Docker-containerizer options.</summary>
public sealed record DockerSpec
{
    public string Image { get; init; } = "";
    public bool ForcePullImage { get; init; }
    public bool Privileged { get; init; }
    public IReadOnlyList<DockerParameter> Parameters { get; init => field = ValueList<DockerParameter>.Of(value); } = ValueList<DockerParameter>.Empty;
}
