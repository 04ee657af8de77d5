using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// The "placed" side of constraint checks for one app (specs/marathon.md §3: all current instances of
/// the run spec): one <see cref="ValueCounter"/> per constraint. Updated as instances are launched
/// (<see cref="Add(string, AgentAttributes)"/>) and when they go away (<see cref="Remove(string, AgentAttributes)"/>),
/// with the hostname and attributes of the agent they run on. Built per app version, since the
/// constraints are part of it; rebuild by re-adding the instances when the constraints change.
/// </summary>
public sealed class PlacedValues
{
    private readonly CompiledConstraint[] _constraints;
    private readonly ValueCounter[] _counters;
    private readonly FieldValues _scratch = new();

    public PlacedValues(IReadOnlyList<CompiledConstraint> constraints)
    {
        ArgumentNullException.ThrowIfNull(constraints);
        _constraints = new CompiledConstraint[constraints.Count];
        _counters = new ValueCounter[constraints.Count];
        for (int i = 0; i < _constraints.Length; i++)
        {
            _constraints[i] = constraints[i];
            _counters[i] = new ValueCounter();
        }
    }

    /// <summary>The constraints, in the order the counters follow.</summary>
    public IReadOnlyList<CompiledConstraint> Constraints => _constraints;

    /// <summary>How many instances are placed.</summary>
    public int Count { get; private set; }

    /// <summary>The counter of constraint <paramref name="index"/>.</summary>
    public ValueCounter Counter(int index) => _counters[index];

    /// <summary>Records an instance on the agent <paramref name="hostname"/> with <paramref name="attributes"/>.</summary>
    public void Add(string hostname, AgentAttributes attributes)
    {
        _scratch.Load(hostname, attributes, _constraints);
        Add(_scratch);
    }

    /// <summary>Records an instance on the offer's agent.</summary>
    public void Add(in Offer offer) => Add(offer.Hostname, offer.Attributes);

    /// <summary>Records an instance whose agent's fields are already loaded for these constraints.</summary>
    public void Add(FieldValues values)
    {
        CheckShape(values);
        for (int i = 0; i < _counters.Length; i++)
            _counters[i].Add(values.Has(i), values.Get(i), values, i);
        Count++;
    }

    /// <summary>Forgets an instance on that agent; false (and nothing changed) when none was recorded there.</summary>
    public bool Remove(string hostname, AgentAttributes attributes)
    {
        _scratch.Load(hostname, attributes, _constraints);
        CheckShape(_scratch);
        // Check all first, so a wrong agent leaves the counters consistent.
        for (int i = 0; i < _counters.Length; i++)
        {
            ValueCounter c = _counters[i];
            bool present = _scratch.Has(i);
            if (present ? c.CountOf(_scratch.Get(i)) == 0 : c.Missing == 0)
                return false;
        }
        if (Count == 0)
            return false;
        for (int i = 0; i < _counters.Length; i++)
            _counters[i].Remove(_scratch.Has(i), _scratch.Get(i));
        Count--;
        return true;
    }

    private void CheckShape(FieldValues values)
    {
        if (values.Count != _counters.Length)
            ThrowHelper.ArgumentOutOfRange(nameof(values), "field values were loaded for other constraints");
    }
}
