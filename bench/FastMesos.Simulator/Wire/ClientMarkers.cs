namespace FastMesos.Simulator.Wire;

/// <summary>The lines the client prints around the measured window, so the parent measures the same interval.</summary>
internal static class ClientMarkers
{
    public const string WindowStart = "window-start";
    public const string WindowEnd = "window-end";
}
