using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// One resource: <c>[name, type, value, role, reservation, principal]</c>. The value follows the
/// type: scalar as int64 milli (exact, as the engine counts), ranges as flat begin/end pairs, a set
/// as its items. Decoding goes through <see cref="Resource"/>'s factories, so names, roles and
/// ranges are validated as they are for parsed text.
/// </summary>
public sealed class ResourceFormatter : IMessageFormatter<Resource>
{
    public static readonly ResourceFormatter Instance = new();
    private static readonly string[] Fields = ["Name", "Type", "Value", "Role", "Reservation", "Principal"];

    /// <summary>Header plus name, type and value.</summary>
    internal const int MinBytes = 4;

    public void Write(ref MessagePackWriter writer, in Resource value)
    {
        writer.WriteArrayHeader(6);
        writer.Write(value.Name);
        writer.Write((int)value.Type);
        switch (value.Type)
        {
            case ResourceType.Scalar:
                writer.Write(value.Scalar.Milli);
                break;
            case ResourceType.Ranges:
                Wire.WriteRanges(ref writer, value.Ranges);
                break;
            default:
                Wire.WriteStrings(ref writer, value.Set);
                break;
        }
        writer.Write(value.Role);
        writer.Write((int)value.Reservation);
        writer.Write(value.Principal);
    }

    // Decoded scalar resources, shared: a Resource is immutable, and the tasks of one app carry the
    // same cpus, mem and disk, so a Marathon ACCEPT of 1,000 tasks held 3,000 equal objects that the
    // master kept with each task. Per thread (the socket threads that decode), direct-mapped: a
    // miss or a collision only costs the allocation it would have cost anyway.
    [ThreadStatic]
    private static Resource?[]? t_scalars;
    private const int ScalarSlotBits = 6;
    private const int ScalarSlots = 1 << ScalarSlotBits;

    private static Resource SharedScalar(string name, Scalar scalar, string role, ReservationType reservation, string? principal)
    {
        Resource?[] slots = t_scalars ??= new Resource?[ScalarSlots];
        // A fixed mix (not HashCode's per-process seed): which resources share a slot is the same in every run.
        ulong mix = ((ulong)name.Length << 56) ^ ((ulong)(name.Length > 0 ? name[0] : '\0') << 48) ^ ((ulong)role.Length << 40)
            ^ ((ulong)reservation << 36) ^ ((ulong)(principal?.Length ?? 0) << 30) ^ (ulong)scalar.Milli;
        int slot = (int)((mix * 0x9E3779B97F4A7C15UL) >> (64 - ScalarSlotBits));
        if (slots[slot] is { } cached && cached.Scalar.Milli == scalar.Milli && cached.Reservation == reservation
            && string.Equals(cached.Name, name, StringComparison.Ordinal) && string.Equals(cached.Role, role, StringComparison.Ordinal)
            && string.Equals(cached.Principal, principal, StringComparison.Ordinal))
            return cached;
        Resource created = Resource.CreateScalar(name, scalar, role, reservation, principal);
        slots[slot] = created;
        return created;
    }

    public Resource Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 3);
        string name = "";
        var type = ResourceType.Scalar;
        Scalar scalar = default;
        ValueRange[] ranges = [];
        string[] set = [];
        string role = RoleName.Any;
        var reservation = ReservationType.None;
        string? principal = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: type = (ResourceType)Wire.ReadEnum(ref reader, 0, 2, nameof(ResourceType)); break;
                    case 2:
                        if (type == ResourceType.Scalar)
                            scalar = Wire.ReadScalar(ref reader);
                        else if (type == ResourceType.Ranges)
                            ranges = Wire.ReadRanges(ref reader);
                        else
                            set = Wire.ReadStrings(ref reader, strings);
                        break;
                    case 3: role = Wire.ReadRequiredString(ref reader, strings); break;
                    case 4: reservation = (ReservationType)Wire.ReadEnum(ref reader, 0, 2, nameof(ReservationType)); break;
                    case 5: principal = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return type switch
        {
            ResourceType.Scalar => SharedScalar(name, scalar, role, reservation, principal),
            ResourceType.Ranges => Resource.CreateRanges(name, ranges, role, reservation, principal),
            _ => Resource.CreateSet(name, set, role, reservation, principal),
        };
    }
}

/// <summary>
/// A resource bag as the list of its entries. Senders write bags in normal form (one entry per kind),
/// and readers insist on it: merging duplicate kinds would let a payload buy quadratic work.
/// </summary>
public sealed class ResourcesFormatter : IMessageFormatter<Resources>
{
    public static readonly ResourcesFormatter Instance = new();

    public void Write(ref MessagePackWriter writer, in Resources value)
    {
        int count = value?.Count ?? 0;
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
            ResourceFormatter.Instance.Write(ref writer, value![i]);
    }

    // Through the pool's cache: a bag already decoded from the same bytes is shared (it is immutable).
    public Resources Read(ref MessagePackReader reader, StringPool strings) =>
        strings.Resources.GetOrDecode(ref reader, strings, Fresh.Instance);

    private static Resources ReadFresh(ref MessagePackReader reader, StringPool strings)
    {
        Resource[] entries = Wire.ReadList(ref reader, strings, ResourceFormatter.Instance, ResourceFormatter.MinBytes,
            CodecLimits.MaxResourceEntries);
        if (entries.Length == 0)
            return Resources.Empty;
        Resources bag = Resources.From(entries);
        int nonEmpty = 0;
        foreach (Resource r in entries)
        {
            if (!r.IsEmpty)
                nonEmpty++;
        }
        if (bag.Count != nonEmpty)
            Wire.ThrowInvalid("two resource entries have the same name, type, role and reservation");
        return bag;
    }

    /// <summary>The uncached decode, for the cache's misses.</summary>
    private sealed class Fresh : IMessageFormatter<Resources>
    {
        public static readonly Fresh Instance = new();

        public void Write(ref MessagePackWriter writer, in Resources value) => ResourcesFormatter.Instance.Write(ref writer, value);

        public Resources Read(ref MessagePackReader reader, StringPool strings) => ReadFresh(ref reader, strings);
    }
}

/// <summary>One agent attribute: <c>[name, type, value]</c>, the value as its type needs (double, ranges, set, text).</summary>
public sealed class AgentAttributeFormatter : IMessageFormatter<AgentAttribute>
{
    public static readonly AgentAttributeFormatter Instance = new();
    private static readonly string[] Fields = ["Name", "Type", "Value"];

    public void Write(ref MessagePackWriter writer, in AgentAttribute value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.Name);
        writer.Write((int)value.Type);
        switch (value.Type)
        {
            case AttributeType.Scalar:
                writer.Write(value.Scalar);
                break;
            case AttributeType.Ranges:
                Wire.WriteRanges(ref writer, value.Ranges);
                break;
            case AttributeType.Set:
                Wire.WriteStrings(ref writer, value.Set);
                break;
            default:
                writer.Write(value.Text);
                break;
        }
    }

    public AgentAttribute Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 3);
        string name = "";
        var type = AttributeType.Text;
        double scalar = 0;
        ValueRange[] ranges = [];
        string[] set = [];
        string text = "";
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: name = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: type = (AttributeType)Wire.ReadEnum(ref reader, 0, 3, nameof(AttributeType)); break;
                    case 2:
                        switch (type)
                        {
                            case AttributeType.Scalar: scalar = Wire.ReadFiniteDouble(ref reader); break;
                            case AttributeType.Ranges: ranges = Wire.ReadRanges(ref reader); break;
                            case AttributeType.Set: set = Wire.ReadStrings(ref reader, strings); break;
                            default: text = Wire.ReadRequiredString(ref reader, strings); break;
                        }
                        break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new AgentAttribute { Name = name, Type = type, Scalar = scalar, Ranges = ranges, Set = set, Text = text };
    }
}

/// <summary>An agent's attributes as a list; duplicate names are refused, as <see cref="AgentAttributes"/> requires.</summary>
public sealed class AgentAttributesFormatter : IMessageFormatter<AgentAttributes>
{
    public static readonly AgentAttributesFormatter Instance = new();

    public void Write(ref MessagePackWriter writer, in AgentAttributes value)
    {
        int count = value?.Count ?? 0;
        writer.WriteArrayHeader(count);
        for (int i = 0; i < count; i++)
            AgentAttributeFormatter.Instance.Write(ref writer, value![i]);
    }

    // Through the pool's cache, as resource bags are.
    public AgentAttributes Read(ref MessagePackReader reader, StringPool strings) =>
        strings.Attributes.GetOrDecode(ref reader, strings, Fresh.Instance);

    private static AgentAttributes ReadFresh(ref MessagePackReader reader, StringPool strings)
    {
        AgentAttribute[] items = Wire.ReadList(ref reader, strings, AgentAttributeFormatter.Instance, 4);
        return items.Length == 0 ? AgentAttributes.Empty : new AgentAttributes(items);
    }

    /// <summary>The uncached decode, for the cache's misses.</summary>
    private sealed class Fresh : IMessageFormatter<AgentAttributes>
    {
        public static readonly Fresh Instance = new();

        public void Write(ref MessagePackWriter writer, in AgentAttributes value) => AgentAttributesFormatter.Instance.Write(ref writer, value);

        public AgentAttributes Read(ref MessagePackReader reader, StringPool strings) => ReadFresh(ref reader, strings);
    }
}
