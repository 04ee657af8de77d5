namespace FastMesos.Simulator.Reporting;

/// <summary>Which way a figure improves: a rate up, a duration or a byte count down.</summary>
internal enum Better
{
    Higher,
    Lower,
}
