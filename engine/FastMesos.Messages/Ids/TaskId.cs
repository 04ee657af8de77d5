namespace FastMesos.Messages;

/// <summary>A Mesos Task id as it appears on the wire and in JSON. Engines map it to a dense slot once.</summary>
public readonly record struct TaskId(string Value)
{
    public override string ToString() => Value;
}
