namespace FastMesos.Simulator.Wire;

/// <summary>The command-line names of <see cref="WireMode"/>, shared by the parent and the client process.</summary>
internal static class WireModes
{
    public const string FastMesos = "fastmesos";
    public const string Floor = "floor";

    public static string Name(WireMode mode) => mode == WireMode.Floor ? Floor : FastMesos;

    public static WireMode Parse(string name) => name == Floor ? WireMode.Floor : WireMode.FastMesos;
}
