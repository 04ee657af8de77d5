using System.Text;

namespace FastMesos.Messages;

/// <summary>
/// One named resource: a scalar (<c>cpus:4</c>), ranges (<c>ports:[31000-32000]</c>) or a set
/// (<c>disks:{a,b}</c>), unreserved (role <c>*</c>) or reserved for a role.
/// Immutable. Invariants: exactly one of the value kinds is meaningful (by <see cref="Type"/>);
/// <see cref="Ranges"/> is sorted, non-overlapping and non-adjacent; <see cref="Set"/> is sorted
/// ordinally with no duplicates; <see cref="Role"/> is <c>*</c> exactly when
/// <see cref="Reservation"/> is <see cref="ReservationType.None"/>.
/// </summary>
public sealed class Resource : IEquatable<Resource>
{
    private Resource(string name, ResourceType type, Scalar scalar, ValueRange[] ranges, string[] set,
        string role, ReservationType reservation, string? principal)
    {
        Name = name;
        Type = type;
        Scalar = scalar;
        Ranges = ranges;
        Set = set;
        Role = role;
        Reservation = reservation;
        // Only a dynamic reservation prints a principal, and an empty one prints like none; keeping
        // any other would make pools that look alike in text (cpus(*,ops) vs cpus) differ in kind.
        Principal = reservation == ReservationType.Dynamic && !string.IsNullOrEmpty(principal) ? principal : null;
    }

    public string Name { get; }
    public ResourceType Type { get; }
    public Scalar Scalar { get; }
    public IReadOnlyList<ValueRange> Ranges { get; }

    /// <summary><see cref="Ranges"/> as a span (sorted and merged for every resource made by <see cref="CreateRanges"/>).</summary>
    public ReadOnlySpan<ValueRange> RangeSpan => (ValueRange[])Ranges;
    public IReadOnlyList<string> Set { get; }

    /// <summary><c>*</c> for unreserved resources, else the role they are reserved for.</summary>
    public string Role { get; }
    public ReservationType Reservation { get; }

    /// <summary>Who made a dynamic reservation; null otherwise.</summary>
    public string? Principal { get; }

    public bool IsReserved => Reservation != ReservationType.None;

    public static Resource CreateScalar(string name, Scalar value, string role = RoleName.Any,
        ReservationType reservation = ReservationType.None, string? principal = null) =>
        new(CheckName(name), ResourceType.Scalar, value, [], [], CheckRole(role, ref reservation), reservation, principal);

    public static Resource CreateScalar(string name, double value, string role = RoleName.Any) =>
        CreateScalar(name, Scalar.FromDouble(value), role, role == RoleName.Any ? ReservationType.None : ReservationType.Static);

    /// <summary>Ranges are sorted and merged; overlapping input is accepted here (use the parser to reject it in text).</summary>
    public static Resource CreateRanges(string name, IEnumerable<ValueRange> ranges, string role = RoleName.Any,
        ReservationType reservation = ReservationType.None, string? principal = null) =>
        new(CheckName(name), ResourceType.Ranges, default, RangeMath.Normalize(ranges), [], CheckRole(role, ref reservation), reservation, principal);

    public static Resource CreateSet(string name, IEnumerable<string> items, string role = RoleName.Any,
        ReservationType reservation = ReservationType.None, string? principal = null)
    {
        var sorted = new SortedSet<string>(items, StringComparer.Ordinal);
        foreach (string item in sorted)
        {
            if (item.Length == 0)
                ThrowHelper.ThrowArgument(nameof(items), $"set resource '{name}' has an empty item");
        }
        return new(CheckName(name), ResourceType.Set, default, [], [.. sorted], CheckRole(role, ref reservation), reservation, principal);
    }

    /// <summary>The same resource with another value of the same type.</summary>
    internal Resource WithScalar(Scalar value) => new(Name, Type, value, [], [], Role, Reservation, Principal);
    internal Resource WithRanges(ValueRange[] ranges) => new(Name, Type, default, ranges, [], Role, Reservation, Principal);
    internal Resource WithSet(string[] set) => new(Name, Type, default, [], set, Role, Reservation, Principal);

    /// <summary>The same value reserved (dynamically) for <paramref name="role"/>.</summary>
    public Resource ReservedFor(string role, string? principal)
    {
        ReservationType type = ReservationType.Dynamic;
        return new(Name, Type, Scalar, (ValueRange[])Ranges, (string[])Set, CheckRole(role, ref type), type, principal);
    }

    /// <summary>The same value, unreserved.</summary>
    public Resource Unreserved() => new(Name, Type, Scalar, (ValueRange[])Ranges, (string[])Set, RoleName.Any, ReservationType.None, null);

    /// <summary>True when the value holds nothing: a zero scalar, no ranges, an empty set.</summary>
    public bool IsEmpty => Type switch
    {
        ResourceType.Scalar => Scalar.Milli == 0,
        ResourceType.Ranges => Ranges.Count == 0,
        _ => Set.Count == 0,
    };

    /// <summary>True when both describe the same pool: name, type, role, reservation kind and principal.</summary>
    public bool SameKind(Resource other) =>
        Name == other.Name && Type == other.Type && Role == other.Role && Reservation == other.Reservation && Principal == other.Principal;

    public bool Equals(Resource? other)
    {
        if (other is null || !SameKind(other))
            return false;
        return Type switch
        {
            ResourceType.Scalar => Scalar == other.Scalar,
            ResourceType.Ranges => ((ValueRange[])Ranges).AsSpan().SequenceEqual((ValueRange[])other.Ranges),
            _ => ((string[])Set).AsSpan().SequenceEqual((string[])other.Set),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as Resource);
    public override int GetHashCode() => HashCode.Combine(Name, Type, Role, Scalar);

    /// <summary>Mesos' text form: <c>cpus:4</c>, <c>cpus(web):2</c> (static), <c>cpus(web,ops):2</c> (dynamic, principal ops).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    internal void AppendTo(StringBuilder sb)
    {
        sb.Append(Name);
        if (Reservation == ReservationType.Static)
            sb.Append('(').Append(Role).Append(')');
        else if (Reservation == ReservationType.Dynamic)
            sb.Append('(').Append(Role).Append(',').Append(Principal ?? "").Append(')');
        sb.Append(':');
        switch (Type)
        {
            case ResourceType.Scalar:
                sb.Append(Scalar.ToString());
                break;
            case ResourceType.Ranges:
                sb.Append('[');
                for (int i = 0; i < Ranges.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    sb.Append(Ranges[i].Begin).Append('-').Append(Ranges[i].End);
                }
                sb.Append(']');
                break;
            default:
                sb.Append('{');
                for (int i = 0; i < Set.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    sb.Append(Set[i]);
                }
                sb.Append('}');
                break;
        }
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name))
            ThrowHelper.ThrowArgument(nameof(name), "resource name is empty");
        foreach (char c in name)
        {
            if (char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')' or '[' or ']' or '{' or '}' or ',')
                ThrowHelper.ThrowArgument(nameof(name), $"resource name '{name}' contains '{c}'");
        }
        return name;
    }

    private static string CheckRole(string role, ref ReservationType reservation)
    {
        string? error = RoleName.Validate(role);
        if (error is not null)
            ThrowHelper.ThrowArgument(nameof(role), $"'{role}': {error}");
        if (role == RoleName.Any)
            reservation = ReservationType.None;
        else if (reservation == ReservationType.None)
            reservation = ReservationType.Static;
        return role;
    }
}
