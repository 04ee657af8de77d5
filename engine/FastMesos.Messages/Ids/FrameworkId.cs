namespace FastMesos.Messages;

/// <summary>A Mesos Framework id as it appears on the wire and in JSON. Engines map it to a dense slot once.</summary>
public readonly record struct FrameworkId(string Value)
{
    public override string ToString() => Value;
}
