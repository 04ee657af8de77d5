namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A REST call the runtime refuses, with Marathon's status and message (specs/marathon.md §1.2):
/// 404 unknown app, 409 duplicate or locked (with the blocking deployment ids), 403 too many
/// deployments. The HTTP layer turns it into <c>{"message": …(, "deployments": […])}</c>.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string message, IReadOnlyList<string>? deployments = null)
        : base(message)
    {
        Status = status;
        Deployments = deployments ?? [];
    }

    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; } = 500;

    public IReadOnlyList<string> Deployments { get; } = [];

    public static ApiException AppNotFound(string id) => new(404, $"App '{id}' does not exist");

    public static ApiException Locked(IReadOnlyList<string> deployments) => new(409,
        "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/"
        + deployments[0] + "'.", deployments);
}
