using System.Globalization;
using System.Text.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Json;

/// <summary>
/// Typed field reads that record Play-JSON's messages (<c>error.expected.jsnumber</c>, …) at the
/// field's path instead of throwing, so one request reports every type error at once. A JSON
/// <c>null</c> counts as absent, as with Marathon's nullable readers.
/// </summary>
internal static class JsonFields
{
    public const string ExpectedString = "error.expected.jsstring";
    public const string ExpectedNumber = "error.expected.jsnumber";
    public const string ExpectedInt = "error.expected.int";
    public const string ExpectedBoolean = "error.expected.jsboolean";
    public const string ExpectedArray = "error.expected.jsarray";
    public const string ExpectedObject = "error.expected.jsobject";
    public const string UnknownEnum = "error.unknown.enum.literal";
    public const string Missing = "error.path.missing";
    public const string ExpectedDate = "error.expected.date.isoformat";

    public static string Path(string parent, string name) => parent == "/" || parent.Length == 0 ? "/" + name : parent + "/" + name;

    public static string Index(string parent, int i) => parent + "(" + i.ToString(CultureInfo.InvariantCulture) + ")";

    /// <summary>The property when present and not null.</summary>
    public static bool Has(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public static bool Has(JsonElement obj, string name) => Has(obj, name, out _);

    public static string? String(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Has(obj, name, out JsonElement v))
            return null;
        if (v.ValueKind == JsonValueKind.String)
            return v.GetString();
        errors.Add(Path(path, name), ExpectedString);
        return null;
    }

    public static double? Double(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Has(obj, name, out JsonElement v))
            return null;
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        errors.Add(Path(path, name), ExpectedNumber);
        return null;
    }

    public static int? Int(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Has(obj, name, out JsonElement v))
            return null;
        return AsInt(v, Path(path, name), errors);
    }

    public static int? AsInt(JsonElement v, string path, ErrorCollector errors)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, ExpectedNumber);
            return null;
        }
        if (v.TryGetInt32(out int i))
            return i;
        errors.Add(path, ExpectedInt);
        return null;
    }

    public static long? Long(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Has(obj, name, out JsonElement v))
            return null;
        if (v.ValueKind != JsonValueKind.Number)
        {
            errors.Add(Path(path, name), ExpectedNumber);
            return null;
        }
        if (v.TryGetInt64(out long l))
            return l;
        errors.Add(Path(path, name), "error.expected.long");
        return null;
    }

    public static bool? Bool(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Has(obj, name, out JsonElement v))
            return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return v.GetBoolean();
        errors.Add(Path(path, name), ExpectedBoolean);
        return null;
    }

    /// <summary>The property as an object, or false (with a type error when present but not an object).</summary>
    public static bool Object(JsonElement obj, string name, string path, ErrorCollector errors, out JsonElement value)
    {
        if (!Has(obj, name, out value))
            return false;
        if (value.ValueKind == JsonValueKind.Object)
            return true;
        errors.Add(Path(path, name), ExpectedObject);
        return false;
    }

    /// <summary>The property as an array, or false (with a type error when present but not an array).</summary>
    public static bool Array(JsonElement obj, string name, string path, ErrorCollector errors, out JsonElement value)
    {
        if (!Has(obj, name, out value))
            return false;
        if (value.ValueKind == JsonValueKind.Array)
            return true;
        errors.Add(Path(path, name), ExpectedArray);
        return false;
    }

    public static List<string>? StringList(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Array(obj, name, path, errors, out JsonElement arr))
            return null;
        string p = Path(path, name);
        var list = new List<string>(arr.GetArrayLength());
        int i = 0;
        foreach (JsonElement e in arr.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.String)
                list.Add(e.GetString()!);
            else
                errors.Add(Index(p, i), ExpectedString);
            i++;
        }
        return list;
    }

    public static ValueMap<string>? StringMap(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        if (!Object(obj, name, path, errors, out JsonElement o))
            return null;
        string p = Path(path, name);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (JsonProperty prop in o.EnumerateObject())
        {
            if (prop.Value.ValueKind == JsonValueKind.String)
                pairs.Add(new(prop.Name, prop.Value.GetString()!));
            else
                errors.Add(Path(p, prop.Name), ExpectedString);
        }
        return ValueMap<string>.FromPairs(pairs);
    }

    public static DateTimeOffset? Timestamp(JsonElement obj, string name, string path, ErrorCollector errors)
    {
        string? text = String(obj, name, path, errors);
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset t))
            return t;
        errors.Add(Path(path, name), ExpectedDate);
        return null;
    }

    /// <summary>Looks the string property up in <paramref name="names"/> (ordinal), recording an unknown literal.</summary>
    public static int Enum(JsonElement obj, string name, string path, ErrorCollector errors, string[] names, bool ignoreCase = false)
    {
        string? text = String(obj, name, path, errors);
        if (text is null)
            return -1;
        StringComparison cmp = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (int i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], text, cmp))
                return i;
        }
        errors.Add(Path(path, name), UnknownEnum);
        return -1;
    }
}
