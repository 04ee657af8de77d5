using System.Buffers;
using System.Text;
using System.Text.Json;
using FastMesos.Messages;

namespace FastMesos.Hosting.Json;

/// <summary>
/// The compact shapes Mesos' state endpoints use (<c>/master/state</c>, the agent's <c>/state</c>):
/// resources and attributes as one object of name → value, where a scalar is a number, ranges are
/// <c>"[31000-32000, 33000-33010]"</c> and a set is <c>"{a,b}"</c>. Reserved and unreserved
/// amounts of one name are summed, as Mesos' <c>model(Resources)</c> does.
/// </summary>
public static class MesosJson
{
    /// <summary>Writes <paramref name="resources"/> as a property named <paramref name="name"/>.</summary>
    public static void WriteResources(Utf8JsonWriter writer, string name, Resources resources)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resources);
        writer.WriteStartObject(name);
        WriteResourceProperties(writer, resources);
        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="resources"/> as a property named <paramref name="name"/> (encoded once by the caller).</summary>
    public static void WriteResources(Utf8JsonWriter writer, JsonEncodedText name, Resources resources)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resources);
        writer.WriteStartObject(name);
        WriteResourceProperties(writer, resources);
        writer.WriteEndObject();
    }

    /// <summary>Writes the name → value properties of <paramref name="resources"/> into the current object.</summary>
    public static void WriteResourceProperties(Utf8JsonWriter writer, Resources resources)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(resources);
        if (NamesDistinct(resources))
        {
            // The common case (every task, most agents): one resource per name, nothing to merge.
            for (int i = 0; i < resources.Count; i++)
                WriteSingle(writer, resources[i]);
            return;
        }

        foreach (MesosResourceValue value in Merge(resources))
        {
            if (value.Text is null)
                WriteScalar(writer, value.Name, value.Milli);
            else
                writer.WriteString(value.Name, value.Text);
        }
    }

    /// <summary>
    /// Mesos' model of <paramref name="resources"/>: one value per name, in first-seen order;
    /// scalars summed, ranges and sets merged across reservations (into their text form).
    /// </summary>
    public static List<MesosResourceValue> Merge(Resources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var values = new List<MesosResourceValue>(resources.Count);
        if (NamesDistinct(resources))
        {
            for (int i = 0; i < resources.Count; i++)
            {
                Resource r = resources[i];
                values.Add(new MesosResourceValue(r.Name, r.Type == ResourceType.Scalar ? r.Scalar.Milli : 0, ValueText(r)));
            }

            return values;
        }

        var seen = new List<string>();
        foreach (Resource r in resources)
        {
            if (!seen.Contains(r.Name))
                seen.Add(r.Name);
        }

        foreach (string resourceName in seen)
        {
            ResourceType type = ResourceType.Scalar;
            long milli = 0;
            var ranges = new List<ValueRange>();
            var items = new List<string>();
            foreach (Resource r in resources)
            {
                if (r.Name != resourceName)
                    continue;
                type = r.Type;
                milli += r.Scalar.Milli;
                ranges.AddRange(r.Ranges);
                foreach (string item in r.Set)
                {
                    if (!items.Contains(item))
                        items.Add(item);
                }
            }

            string? text = type switch
            {
                ResourceType.Scalar => null,
                ResourceType.Ranges => RangesText(ranges),
                _ => "{" + string.Join(",", items) + "}",
            };
            values.Add(new MesosResourceValue(resourceName, milli, text));
        }

        return values;
    }

    /// <summary>Whether every resource of <paramref name="resources"/> has a name of its own (nothing to merge).</summary>
    public static bool NamesDistinct(Resources resources)
    {
        for (int i = 1; i < resources.Count; i++)
        {
            string name = resources[i].Name;
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(resources[j].Name, name, StringComparison.Ordinal))
                    return false;
            }
        }

        return true;
    }

    private static void WriteSingle(Utf8JsonWriter writer, Resource r)
    {
        if (r.Type == ResourceType.Scalar)
        {
            WriteScalar(writer, r.Name, r.Scalar.Milli);
            return;
        }

        if (r.Type == ResourceType.Ranges)
        {
            Span<byte> text = stackalloc byte[RangesUtf8.StackBytes];
            int length = RangesUtf8.TryFormat(r.RangeSpan, text);
            if (length >= 0)
            {
                writer.WriteString(r.Name, text[..length]);
                return;
            }
        }

        writer.WriteString(r.Name, ValueText(r));
    }

    /// <summary>The text of one ranges or set resource (<c>"[1-2, 5-9]"</c>, <c>"{a,b}"</c>); null for a scalar.</summary>
    public static string? ValueText(Resource r)
    {
        ArgumentNullException.ThrowIfNull(r);
        switch (r.Type)
        {
            case ResourceType.Scalar:
                return null;
            case ResourceType.Ranges:
                return RangesText([.. r.Ranges]);
            default:
                var items = new List<string>(r.Set.Count);
                foreach (string item in r.Set)
                {
                    if (!items.Contains(item))
                        items.Add(item);
                }

                return "{" + string.Join(",", items) + "}";
        }
    }

    /// <summary>
    /// A scalar of <paramref name="milli"/> thousandths, byte for byte as
    /// <c>WriteNumber(name, milli / 1000.0)</c> writes it (the shortest round-trip form), without
    /// the generic double formatting: whole amounts as integers, the rest as their decimal digits.
    /// </summary>
    public static void WriteScalar(Utf8JsonWriter writer, string name, long milli)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> digits = stackalloc byte[ScalarJson.MaxLength];
        if (!ScalarJson.TryFormat(milli, digits, out int length))
        {
            writer.WriteNumber(name, milli / (double)Scalar.Scale);
            return;
        }

        if (KnownName(name) is { } known)
            writer.WritePropertyName(known);
        else
            writer.WritePropertyName(name);
        writer.WriteRawValue(digits[..length], skipInputValidation: true);
    }

    // The usual resource names, encoded once (a resource's name is otherwise transcoded per write).
    private static readonly JsonEncodedText Cpus = JsonEncodedText.Encode("cpus");
    private static readonly JsonEncodedText Mem = JsonEncodedText.Encode("mem");
    private static readonly JsonEncodedText Disk = JsonEncodedText.Encode("disk");
    private static readonly JsonEncodedText Gpus = JsonEncodedText.Encode("gpus");

    private static JsonEncodedText? KnownName(string name) => name switch
    {
        "cpus" => Cpus,
        "mem" => Mem,
        "disk" => Disk,
        "gpus" => Gpus,
        _ => null,
    };

    /// <summary>Writes agent attributes as a property: text as strings, scalars as numbers, ranges and sets as Mesos text.</summary>
    public static void WriteAttributes(Utf8JsonWriter writer, string name, AgentAttributes attributes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(attributes);
        writer.WriteStartObject(name);
        foreach (AgentAttribute a in attributes)
        {
            if (a.Type == AttributeType.Scalar)
                writer.WriteNumber(a.Name, a.Scalar);
            else
                writer.WriteString(a.Name, a.ValueText());
        }

        writer.WriteEndObject();
    }

    /// <summary>Mesos' text for ranges: sorted, adjacent ones merged, <c>"[1-2, 5-9]"</c>.</summary>
    public static string RangesText(List<ValueRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ranges.Sort(static (a, b) => a.Begin.CompareTo(b.Begin));
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(RangesUtf8.MaxBytes(ranges.Count));
        try
        {
            int length = RangesUtf8.TryFormat(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ranges), utf8);
            return Encoding.UTF8.GetString(utf8, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }
}
