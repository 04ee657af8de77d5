namespace FastMesos.Hosting.Json;

/// <summary>
/// One name of Mesos' model of resources (<see cref="MesosJson.Merge"/>): a scalar as thousandths
/// (<paramref name="Text"/> null), or ranges or a set as Mesos writes them (<c>"[1-2, 5-9]"</c>, <c>"{a,b}"</c>).
/// </summary>
public readonly record struct MesosResourceValue(string Name, long Milli, string? Text);
