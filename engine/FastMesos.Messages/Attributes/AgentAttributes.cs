using System.Collections;
using System.Globalization;

namespace FastMesos.Messages;

/// <summary>
/// An agent's attributes, parsed from Mesos' text form <c>rack_id:r1;zone:a;level:0.8</c>.
/// Value types follow Mesos: <c>[..]</c> is RANGES, <c>{..}</c> is SET, a number is SCALAR,
/// anything else is TEXT. Names are unique; order is kept for printing.
/// </summary>
public sealed class AgentAttributes : IReadOnlyList<AgentAttribute>
{
    private readonly AgentAttribute[] _items;

    public static AgentAttributes Empty { get; } = new([]);

    public AgentAttributes(IEnumerable<AgentAttribute> items)
    {
        var list = new List<AgentAttribute>(items);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (AgentAttribute a in list)
        {
            if (!names.Add(a.Name))
                ThrowHelper.ThrowArgument(nameof(items), $"attribute '{a.Name}' appears twice");
        }
        _items = [.. list];
    }

    public int Count => _items.Length;
    public AgentAttribute this[int index] => _items[index];

    public AgentAttribute? Find(string name)
    {
        foreach (AgentAttribute a in _items)
        {
            if (a.Name == name)
                return a;
        }
        return null;
    }

    public static AgentAttributes Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<AgentAttribute>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in text.Split(';'))
        {
            string token = raw.Trim();
            if (token.Length == 0)
                continue;
            int colon = token.IndexOf(':');
            if (colon <= 0)
                ThrowHelper.ThrowFormat(text, token, "expected name:value");
            string name = token[..colon].Trim();
            string value = token[(colon + 1)..].Trim();
            if (name.Length == 0 || value.Length == 0)
                ThrowHelper.ThrowFormat(text, token, "attribute needs a name and a value");
            if (!names.Add(name))
                ThrowHelper.ThrowFormat(text, token, $"attribute '{name}' appears twice");
            list.Add(ParseValue(text, token, name, value));
        }
        return new AgentAttributes(list);
    }

    private static AgentAttribute ParseValue(string text, string token, string name, string value)
    {
        if (value[0] == '[')
        {
            // Parse under a fixed resource name: attribute names are free text, and one such as
            // "rack(1)" would otherwise be read as a reservation and its ranges silently lost.
            Resources r;
            try
            {
                r = Resources.Parse("r:" + value);
            }
            catch (ResourceFormatException e)
            {
                ThrowHelper.ThrowFormat(text, token, e.Reason);
                return null;
            }
            return new AgentAttribute { Name = name, Type = AttributeType.Ranges, Ranges = r.Ranges("r") };
        }
        if (value[0] == '{')
        {
            if (value[^1] != '}')
                ThrowHelper.ThrowFormat(text, token, "unterminated set");
            var items = new List<string>();
            foreach (string part in value[1..^1].Split(','))
            {
                string item = part.Trim();
                if (item.Length > 0)
                    items.Add(item);
            }
            return new AgentAttribute { Name = name, Type = AttributeType.Set, Set = items };
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
            return new AgentAttribute { Name = name, Type = AttributeType.Scalar, Scalar = d };
        return new AgentAttribute { Name = name, Type = AttributeType.Text, Text = value };
    }

    public override string ToString() => string.Join(";", (IEnumerable<AgentAttribute>)_items);

    public IEnumerator<AgentAttribute> GetEnumerator() => ((IEnumerable<AgentAttribute>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
