using System.Globalization;

namespace FastMesos.Messages;

/// <summary>
/// Parses Mesos' resource text: <c>cpus:4;mem:8192;ports:[31000-32000];disks:{a,b}</c>, with
/// optional reservations <c>cpus(web):2</c> (static) and <c>cpus(web,principal):2</c> (dynamic).
/// Every error names the token that broke, and nothing is returned on error.
/// </summary>
internal static class ResourceParser
{
    public static Resources Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<Resource>();
        var types = new Dictionary<string, ResourceType>(StringComparer.Ordinal);
        foreach (string raw in text.Split(';'))
        {
            string token = raw.Trim();
            if (token.Length == 0)
                continue;
            Resource r = ParseOne(text, token);
            if (types.TryGetValue(r.Name, out ResourceType seen) && seen != r.Type)
                ThrowHelper.ThrowFormat(text, token, $"'{r.Name}' was already given as {seen.ToString().ToUpperInvariant()}");
            types[r.Name] = r.Type;
            items.Add(r);
        }
        return Resources.From(items);
    }

    private static Resource ParseOne(string text, string token)
    {
        int colon = token.IndexOf(':');
        if (colon <= 0)
            ThrowHelper.ThrowFormat(text, token, "expected name:value");
        string head = token[..colon].Trim();
        string value = token[(colon + 1)..].Trim();
        if (value.Length == 0)
            ThrowHelper.ThrowFormat(text, token, "missing value");

        string name = head;
        string role = RoleName.Any;
        string? principal = null;
        ReservationType reservation = ReservationType.None;
        int paren = head.IndexOf('(');
        if (paren >= 0)
        {
            if (!head.EndsWith(')'))
                ThrowHelper.ThrowFormat(text, token, "unbalanced '(' in reservation");
            name = head[..paren].Trim();
            string inner = head[(paren + 1)..^1];
            int comma = inner.IndexOf(',');
            if (comma >= 0)
            {
                role = inner[..comma].Trim();
                principal = inner[(comma + 1)..].Trim();
                if (principal.Length == 0)
                    principal = null;
                reservation = ReservationType.Dynamic;
            }
            else
            {
                role = inner.Trim();
                reservation = ReservationType.Static;
            }
            string? roleError = RoleName.Validate(role);
            if (roleError is not null)
                ThrowHelper.ThrowFormat(text, token, roleError);
            if (role == RoleName.Any)
                reservation = ReservationType.None;
        }
        if (!IsValidName(name))
            ThrowHelper.ThrowFormat(text, token, $"invalid resource name '{name}'");

        if (value[0] == '[')
        {
            if (value[^1] != ']')
                ThrowHelper.ThrowFormat(text, token, "unterminated range list");
            ValueRange[] ranges = ParseRanges(text, token, value[1..^1]);
            return Resource.CreateRanges(name, ranges, role, reservation, principal);
        }
        if (value[0] == '{')
        {
            if (value[^1] != '}')
                ThrowHelper.ThrowFormat(text, token, "unterminated set");
            var items = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string part in value[1..^1].Split(','))
            {
                string item = part.Trim();
                if (item.Length == 0)
                {
                    if (value.Length == 2)
                        break;
                    ThrowHelper.ThrowFormat(text, token, "empty set item");
                }
                if (!seen.Add(item))
                    ThrowHelper.ThrowFormat(text, token, $"duplicate set item '{item}'");
                items.Add(item);
            }
            return Resource.CreateSet(name, items, role, reservation, principal);
        }
        if (value.Equals("nan", StringComparison.OrdinalIgnoreCase) || value.Contains("inf", StringComparison.OrdinalIgnoreCase))
            ThrowHelper.ThrowFormat(text, token, "scalar must be a finite number");
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            ThrowHelper.ThrowFormat(text, token, $"'{value}' is not a number");
        if (d < 0)
            ThrowHelper.ThrowFormat(text, token, "scalar must not be negative");
        if (!Scalar.TryParse(value, out Scalar scalar))
            ThrowHelper.ThrowFormat(text, token, $"scalar '{value}' is out of range (0 to 1e12)");
        return Resource.CreateScalar(name, scalar, role, reservation, principal);
    }

    private static ValueRange[] ParseRanges(string text, string token, string body)
    {
        var ranges = new List<ValueRange>();
        if (body.Trim().Length == 0)
            return [];
        foreach (string part in body.Split(','))
        {
            string p = part.Trim();
            int dash = p.IndexOf('-');
            string b = dash < 0 ? p : p[..dash].Trim();
            string e = dash < 0 ? p : p[(dash + 1)..].Trim();
            bool ok = ulong.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out ulong begin);
            ok &= ulong.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out ulong end);
            if (!ok)
                ThrowHelper.ThrowFormat(text, token, $"'{p}' is not a range of non-negative integers");
            if (begin > end)
                ThrowHelper.ThrowFormat(text, token, $"range '{p}' has begin > end");
            ranges.Add(new ValueRange(begin, end));
        }
        ranges.Sort(static (x, y) => x.Begin.CompareTo(y.Begin));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Begin <= ranges[i - 1].End)
                ThrowHelper.ThrowFormat(text, token, $"ranges {ranges[i - 1]} and {ranges[i]} overlap");
        }
        return [.. ranges];
    }

    private static bool IsValidName(string name)
    {
        if (name.Length == 0)
            return false;
        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')' or '[' or ']' or '{' or '}' or ',')
                return false;
        }
        return true;
    }
}
