using FastMesos.Apps.Matching;
using FastMesos.Apps.Model;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// What the runtime derives from an app's current definition for launching: the matcher's
/// requirements (rebuilt when the version changes), the placed constraint values of its
/// instances, its service ports and its offer reject counters.
/// </summary>
internal sealed class AppRuntimeState
{
    public required AppDefinition App { get; set; }

    public required LaunchRequirements Requirements { get; set; }

    public required PlacedValues Placed { get; set; }

    public IReadOnlyList<int> ServicePorts
    {
        get => _servicePorts;
        set
        {
            _servicePorts = value;
            _template = null;
        }
    }

    /// <summary>The tasks of the current definition and service ports, built on first use after either changes.</summary>
    public LaunchTemplate Template
    {
        get
        {
            if (_template is null || !ReferenceEquals(_template.App, App))
                _template = new LaunchTemplate(App, _servicePorts);
            return _template;
        }
    }

    private IReadOnlyList<int> _servicePorts = [];
    private LaunchTemplate? _template;

    public RejectSummary LastOffers { get; } = new();

    /// <summary>When the app's first still-waiting instance was scheduled (<c>/v2/queue</c>'s <c>since</c>).</summary>
    public DateTimeOffset? QueuedSince { get; set; }
}
