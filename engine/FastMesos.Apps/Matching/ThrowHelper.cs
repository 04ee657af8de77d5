using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Apps.Matching;

/// <summary>Throw sites kept out of the hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange(string name, string message) =>
        throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn]
    public static void Argument(string name, string message) =>
        throw new ArgumentException(message, name);
}
