namespace FastMesos.Marathon.Http;

/// <summary>
/// <c>GET /v2/apps?label=</c> (specs/marathon.md §1.1): terms joined by commas are ANDed; a term is
/// <c>key</c> (exists), <c>key==v</c>, <c>key!=v</c>, <c>key in (a,b)</c> or <c>key notin (a,b)</c>;
/// a backslash escapes the next character.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<(string Key, string Op, List<string> Values)> _terms;

    private LabelSelector(List<(string, string, List<string>)> terms) => _terms = terms;

    public static bool TryParse(string text, out LabelSelector? selector, out string? error)
    {
        var terms = new List<(string, string, List<string>)>();
        foreach (string term in SplitTop(text))
        {
            string t = term.Trim();
            int eq = IndexUnescaped(t, "==");
            int ne = IndexUnescaped(t, "!=");
            int notin = t.IndexOf(" notin ", StringComparison.Ordinal);
            int @in = t.IndexOf(" in ", StringComparison.Ordinal);
            if (eq > 0)
                terms.Add((Unescape(t[..eq].Trim()), "==", [Unescape(t[(eq + 2)..].Trim())]));
            else if (ne > 0)
                terms.Add((Unescape(t[..ne].Trim()), "!=", [Unescape(t[(ne + 2)..].Trim())]));
            else if (notin > 0 || @in > 0)
            {
                bool negated = notin > 0;
                int at = negated ? notin : @in;
                string list = t[(at + (negated ? 7 : 4))..].Trim();
                if (!list.StartsWith('(') || !list.EndsWith(')'))
                {
                    selector = null;
                    error = $"Unparsable label selector term: {t}";
                    return false;
                }
                var values = new List<string>();
                foreach (string v in SplitTop(list[1..^1]))
                    values.Add(Unescape(v.Trim()));
                terms.Add((Unescape(t[..at].Trim()), negated ? "notin" : "in", values));
            }
            else if (t.Length > 0)
                terms.Add((Unescape(t), "exists", []));
        }
        selector = new LabelSelector(terms);
        error = null;
        return true;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach ((string key, string op, List<string> values) in _terms)
        {
            bool has = labels.TryGetValue(key, out string? value);
            bool ok = op switch
            {
                "exists" => has,
                "==" => has && value == values[0],
                "!=" => !has || value != values[0],
                "in" => has && values.Contains(value!),
                _ => !has || !values.Contains(value!),
            };
            if (!ok)
                return false;
        }
        return true;
    }

    // Splits on commas outside parentheses and not escaped.
    private static List<string> SplitTop(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
                i++;
            else if (c == '(')
                depth++;
            else if (c == ')')
                depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    private static int IndexUnescaped(string text, string op)
    {
        for (int i = 0; i + op.Length <= text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }
            if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
                return i;
        }
        return -1;
    }

    private static string Unescape(string text) => text.Contains('\\', StringComparison.Ordinal) ? System.Text.RegularExpressions.Regex.Unescape(text.Replace("\\ ", " ", StringComparison.Ordinal)) : text;
}
