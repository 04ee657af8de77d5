namespace FastMesos.Engine;

/// <summary>
/// A request the engine refuses: an unknown id, a duplicate, an invalid role or quota. The engine
/// validates before it mutates, so when this is thrown its state is exactly as it was before the call.
/// </summary>
public sealed class EngineException(string message) : Exception(message);
