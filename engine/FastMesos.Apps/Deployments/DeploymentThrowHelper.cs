using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FastMesos.Apps.Deployments;

/// <summary>Throw helpers of the deployment code, kept out of line so callers stay small.</summary>
static class DeploymentThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);
}
