using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>The name of an in-process listener (<c>inproc://name</c>).</summary>
public sealed class InProcEndPoint : EndPoint, IEquatable<InProcEndPoint>
{
    /// <summary>Names an in-process endpoint.</summary>
    public InProcEndPoint(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The listener's name, unique within one <see cref="InProcTransport"/>.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(InProcEndPoint? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as InProcEndPoint);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => "inproc://" + Name;
}
