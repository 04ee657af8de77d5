namespace FastMesos.Messages;

/// <summary>An inclusive range of unsigned integers, as in Mesos' <c>Value.Range</c> (ports [31000-32000]).</summary>
public readonly record struct ValueRange(ulong Begin, ulong End)
{
    /// <summary>How many values the range holds.</summary>
    public ulong Count => End - Begin + 1;

    public bool Contains(ulong value) => value >= Begin && value <= End;

    public override string ToString() => Begin + "-" + End;
}
