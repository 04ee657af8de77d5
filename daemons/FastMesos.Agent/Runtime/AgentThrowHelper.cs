using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastMesos.Agent.Runtime;

internal static class AgentThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowUnsafeId(string? id) =>
        throw new ArgumentException($"'{id}' cannot be used as an id: it is empty, '.', '..', longer than 255 or holds '/' or NUL");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowCorrupt(string path, string why) =>
        throw new InvalidDataException($"checkpoint {path} is unreadable: {why}");
}
