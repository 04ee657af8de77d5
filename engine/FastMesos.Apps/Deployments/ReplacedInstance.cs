namespace FastMesos.Apps.Deployments;

/// <summary>An instance present when a rolling restart starts.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Healthy">Considered healthy: healthy (and ready, for new ones), or the app has no health checks.</param>
public readonly record struct ReplacedInstance(string Id, bool Healthy);
