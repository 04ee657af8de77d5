namespace FastMesos.Simulator.Wire;

/// <summary>What carries the pings: FastMesos frame connections with the codec, or the plain-socket floor.</summary>
internal enum WireMode
{
    FastMesos,
    Floor,
}
