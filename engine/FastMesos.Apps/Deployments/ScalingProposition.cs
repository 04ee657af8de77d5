namespace FastMesos.Apps.Deployments;

/// <summary>
/// A scale decision (specs/marathon.md §5.3, Marathon's <c>ScalingProposition</c>): which instances to
/// decommission and how many to start so that <c>scaleTo</c> instances remain.
/// </summary>
/// <param name="ToDecommission">Instance ids to decommission, in kill order.</param>
/// <param name="ToStart">Instances to start.</param>
public sealed record ScalingProposition(IReadOnlyList<string> ToDecommission, int ToStart)
{
    /// <summary>
    /// Proposes the scale of an app with <paramref name="instances"/> (its instances with goal Running)
    /// to <paramref name="scaleTo"/>. Decommissioned, in order: the <paramref name="sentenced"/> ones;
    /// when <paramref name="groupBy"/>, instances taken one by one from the largest GROUP_BY group (so the
    /// groups stay even); otherwise the rest by condition weight (Unreachable first, Running last), ties by
    /// <paramref name="killSelection"/>. Within a group the same condition order applies.
    /// </summary>
    /// <param name="instances">The app's instances with goal Running.</param>
    /// <param name="sentenced">Instance ids the caller asked to kill; ids not among <paramref name="instances"/> are ignored.</param>
    /// <param name="scaleTo">The wanted instance count.</param>
    /// <param name="killSelection">The app's killSelection.</param>
    /// <param name="groupBy">Whether the app has a GROUP_BY constraint (its field's values are in <see cref="ScalingInstance.GroupByValue"/>).</param>
    public static ScalingProposition Propose(IReadOnlyList<ScalingInstance> instances, IReadOnlyCollection<string> sentenced, int scaleTo,
        KillSelection killSelection, bool groupBy = false)
    {
        var sentencedSet = new HashSet<string>(sentenced, StringComparer.Ordinal);
        var first = new List<string>();
        var rest = new List<ScalingInstance>(instances.Count);
        foreach (ScalingInstance instance in instances)
        {
            if (sentencedSet.Contains(instance.Id))
                first.Add(instance.Id);
            else
                rest.Add(instance);
        }
        int decommission = Math.Max(instances.Count - scaleTo, first.Count);
        int toStart = Math.Max(0, scaleTo - instances.Count + decommission);

        var comparer = new KillOrderComparer(killSelection);
        rest.Sort(comparer);
        int more = decommission - first.Count;
        if (groupBy)
            TakeFromLargestGroups(rest, more, first);
        else
        {
            for (int i = 0; i < more; i++)
                first.Add(rest[i].Id);
        }
        return new ScalingProposition(first, toStart);
    }

    /// <summary>
    /// Moves <paramref name="count"/> instances from <paramref name="ordered"/> (in kill order) to
    /// <paramref name="kill"/>, each time from the currently largest group; among equally large groups
    /// the one whose next candidate comes first in kill order.
    /// </summary>
    static void TakeFromLargestGroups(List<ScalingInstance> ordered, int count, List<string> kill)
    {
        // Group sizes keyed by value; null values form one group, as in Marathon.
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        int nullSize = 0;
        foreach (ScalingInstance instance in ordered)
        {
            if (instance.GroupByValue is null)
                nullSize++;
            else
                sizes[instance.GroupByValue] = sizes.GetValueOrDefault(instance.GroupByValue) + 1;
        }
        var taken = new bool[ordered.Count];
        for (int k = 0; k < count; k++)
        {
            int largest = 0;
            foreach (int size in sizes.Values)
                largest = Math.Max(largest, size);
            largest = Math.Max(largest, nullSize);
            // The first instance (in kill order) of a group of the largest size.
            for (int i = 0; i < ordered.Count; i++)
            {
                if (taken[i])
                    continue;
                string? value = ordered[i].GroupByValue;
                int size = value is null ? nullSize : sizes[value];
                if (size != largest)
                    continue;
                taken[i] = true;
                kill.Add(ordered[i].Id);
                if (value is null)
                    nullSize--;
                else
                    sizes[value] = size - 1;
                break;
            }
        }
    }

    /// <summary>Kill order: lower condition weight first; ties by start time per killSelection, then id.</summary>
    sealed class KillOrderComparer(KillSelection killSelection) : IComparer<ScalingInstance>
    {
        public int Compare(ScalingInstance a, ScalingInstance b)
        {
            int byWeight = Launching.InstanceConditions.KillWeight(a.Condition).CompareTo(Launching.InstanceConditions.KillWeight(b.Condition));
            if (byWeight != 0)
                return byWeight;
            int byAge = killSelection == KillSelection.YoungestFirst ? b.StartedAt.CompareTo(a.StartedAt) : a.StartedAt.CompareTo(b.StartedAt);
            return byAge != 0 ? byAge : string.CompareOrdinal(a.Id, b.Id);
        }
    }
}
