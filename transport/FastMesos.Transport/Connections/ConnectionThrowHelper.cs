using System.Diagnostics.CodeAnalysis;

namespace FastMesos.Transport.Connections;

/// <summary>Throw sites kept out of line so the send and receive paths stay small.</summary>
internal static class ConnectionThrowHelper
{
    [DoesNotReturn]
    public static void ThrowOption(string name, string requirement) =>
        throw new ArgumentOutOfRangeException(name, $"{name} {requirement}.");

    [DoesNotReturn]
    public static void ThrowEndPoint(string transport, string expected) =>
        throw new ArgumentException($"The {transport} transport needs an {expected}.", "endPoint");

    [DoesNotReturn]
    public static void ThrowAlreadyListening(string name) =>
        throw new InvalidOperationException($"An in-process listener named '{name}' already exists.");

    [DoesNotReturn]
    public static void ThrowTokenTooLong(int length) =>
        throw new ArgumentOutOfRangeException("token", length, $"A preamble token holds at most {Preamble.MaxTokenLength} bytes.");
}
