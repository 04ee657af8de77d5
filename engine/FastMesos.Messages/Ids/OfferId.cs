namespace FastMesos.Messages;

/// <summary>A Mesos Offer id as it appears on the wire and in JSON. Engines map it to a dense slot once.</summary>
public readonly record struct OfferId(string Value)
{
    public override string ToString() => Value;
}
