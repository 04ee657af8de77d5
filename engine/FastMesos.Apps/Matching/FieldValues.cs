using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// The field value of each constraint of an app for one agent (hostname + attributes), formatted once
/// into one reusable char buffer. Reused across offers: after the buffer has grown to the largest
/// agent seen, <c>Load</c> allocates nothing. Hostnames and text attributes are referenced, not
/// copied.
/// </summary>
public sealed class FieldValues
{
    private char[] _buffer = new char[256];
    private int _used;
    // Per constraint: the source string (hostname/text) or null for buffer-backed, start, length; -1 = missing.
    private string?[] _strings = new string?[4];
    private int[] _start = new int[4];
    private int[] _length = new int[4];
    private bool[] _scalar = new bool[4];
    private int _count;

    /// <summary>How many constraints were loaded.</summary>
    public int Count => _count;

    /// <summary>Formats the field of every constraint for the agent <paramref name="hostname"/> with <paramref name="attributes"/>.</summary>
    public void Load(string hostname, AgentAttributes attributes, IReadOnlyList<CompiledConstraint> constraints)
    {
        _count = constraints.Count;
        _used = 0;
        if (_strings.Length < _count)
        {
            _strings = new string?[_count];
            _start = new int[_count];
            _length = new int[_count];
            _scalar = new bool[_count];
        }
        for (int i = 0; i < _count; i++)
        {
            CompiledConstraint c = constraints[i];
            _strings[i] = null;
            _start[i] = 0;
            _length[i] = -1;
            _scalar[i] = false;
            switch (c.Field)
            {
                case ConstraintField.Hostname:
                    SetString(i, hostname);
                    break;
                case ConstraintField.Attribute:
                    AgentAttribute? a = attributes.Find(c.FieldName);
                    if (a is null)
                        break;
                    if (a.Type == AttributeType.Text)
                    {
                        SetString(i, a.Text);
                        break;
                    }
                    int need = AttributeFormatter.FormattedLength(a);
                    if (_buffer.Length - _used < need)
                        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _used + need));
                    AttributeFormatter.TryFormat(a, _buffer.AsSpan(_used), out int written);
                    _scalar[i] = a.Type == AttributeType.Scalar;
                    _start[i] = _used;
                    _length[i] = written;
                    _used += written;
                    break;
            }
        }
    }

    /// <summary>Loads the fields of the offer's agent.</summary>
    public void Load(in Offer offer, IReadOnlyList<CompiledConstraint> constraints) =>
        Load(offer.Hostname, offer.Attributes, constraints);

    /// <summary>False when the agent has no value for constraint <paramref name="index"/>'s field.</summary>
    public bool Has(int index) => _length[index] >= 0;

    /// <summary>True when constraint <paramref name="index"/>'s field is a scalar attribute (IS compares those at 3 decimals).</summary>
    public bool IsScalar(int index) => _scalar[index];

    /// <summary>The formatted value of constraint <paramref name="index"/>'s field (empty when missing).</summary>
    public ReadOnlySpan<char> Get(int index)
    {
        int len = _length[index];
        if (len < 0)
            return default;
        string? s = _strings[index];
        return s is not null ? s.AsSpan() : _buffer.AsSpan(_start[index], len);
    }

    /// <summary>The value as a string, from the agent when it is one, else copied (for first-time keys).</summary>
    internal string GetString(int index) => _strings[index] ?? new string(Get(index));

    private void SetString(int i, string s)
    {
        _strings[i] = s;
        _length[i] = s.Length;
    }
}
