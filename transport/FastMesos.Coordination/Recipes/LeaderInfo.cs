namespace FastMesos.Coordination.Recipes;

/// <summary>The current leader of a group: its member node and that node's data.</summary>
public sealed record LeaderInfo(string Path, byte[] Data);
