using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Engine;

/// <summary>Throw sites kept out of line so the hot callers stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowUnknown(string what, string id) => throw new EngineException($"unknown {what} '{id}'");

    [DoesNotReturn]
    public static void ThrowEngine(string message) => throw new EngineException(message);
}
