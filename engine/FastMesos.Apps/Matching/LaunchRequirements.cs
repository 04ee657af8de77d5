using FastMesos.Messages;

namespace FastMesos.Apps.Matching;

/// <summary>
/// What one instance of an app needs from an offer: the narrow, matcher-side view of an app
/// definition (the model maps to it once per app version). Immutable after construction.
/// </summary>
public sealed class LaunchRequirements
{
    private readonly string[]? _acceptedRoles;

    public Scalar Cpus { get; init; } = Scalar.FromDouble(1);
    public Scalar Mem { get; init; } = Scalar.FromDouble(128);
    public Scalar Disk { get; init; }
    public Scalar Gpus { get; init; }

    /// <summary>
    /// One entry per host port the task needs: 0 = any port from the offer (dynamic), otherwise that
    /// exact port (<c>requirePorts</c>, or a fixed <c>hostPort</c>), used only when the offer has it.
    /// </summary>
    public IReadOnlyList<ulong> HostPorts { get; init; } = [];

    /// <summary>The app's role (1.9+ <c>role</c>, default the framework's <c>--mesos_role</c>, <c>*</c>).</summary>
    public string Role { get; init; } = RoleName.Any;

    /// <summary>
    /// Roles whose resources the app may use: null = any (unreserved and the app's role), <c>*</c> in
    /// the list = unreserved. Reserved resources must also be reserved for the app's role or an ancestor.
    /// </summary>
    public IReadOnlyList<string>? AcceptedResourceRoles
    {
        get => _acceptedRoles;
        init => _acceptedRoles = value is null ? null : Copy(value);
    }

    /// <summary>The app's constraints, compiled; the same list the app's <see cref="PlacedValues"/> counts.</summary>
    public IReadOnlyList<CompiledConstraint> Constraints { get; init; } = [];

    /// <summary>At most this many instances per offer (<c>--max_instances_per_offer</c>, default 5).</summary>
    public int MaxInstancesPerOffer { get; init; } = 5;

    /// <summary>A <see cref="HostPorts"/> list of <paramref name="count"/> dynamic ports.</summary>
    public static ulong[] DynamicPorts(int count) => new ulong[count];

    /// <summary>True when resources of <paramref name="role"/> (<c>*</c> = unreserved) are acceptable.</summary>
    public bool AcceptsRole(string role)
    {
        if (role != RoleName.Any && !RoleName.IsSameOrDescendant(Role, role))
            return false;
        if (_acceptedRoles is null)
            return true;
        foreach (string r in _acceptedRoles)
        {
            if (r == role)
                return true;
        }
        return false;
    }

    private static string[] Copy(IReadOnlyList<string> roles)
    {
        var copy = new string[roles.Count];
        for (int i = 0; i < copy.Length; i++)
            copy[i] = roles[i];
        return copy;
    }
}
