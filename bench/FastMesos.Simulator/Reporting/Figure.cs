namespace FastMesos.Simulator.Reporting;

/// <summary>A result line's field that describes how well a scenario went, and which way is better.</summary>
internal readonly record struct Figure(string Name, Better Better);
