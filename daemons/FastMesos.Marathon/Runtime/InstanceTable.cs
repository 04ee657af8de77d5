using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace FastMesos.Marathon.Runtime;

/// <summary>
/// The runtime's index of instances by instance id, keyed by the id's UUID (<see cref="Instance.Uuid"/>):
/// an instance keeps no id string, so a lookup by id text parses its UUID, finds the entry and then
/// checks the whole id against the instance's (<see cref="Instance.HasId"/>), so an id of another
/// app with the same UUID finds nothing. Owned by the runtime loop (not thread-safe).
/// <para>
/// Why a UUID key: a million-instance deploy held a million 144-byte id strings as the keys of the
/// string-keyed table, each copied when the collector promoted it and faulted in by this VM;
/// hashing a Guid is also a few instructions where a 70-character id took a pass over its text.
/// </para>
/// </summary>
internal sealed class InstanceTable
{
    private readonly Dictionary<Guid, Instance> _byUuid = [];

    public int Count => _byUuid.Count;

    public Dictionary<Guid, Instance>.ValueCollection Values => _byUuid.Values;

    /// <summary>The instance whose id is <paramref name="instanceId"/>; false when there is none or the text is not an instance id.</summary>
    public bool TryGetValue(ReadOnlySpan<char> instanceId, [NotNullWhen(true)] out Instance? instance)
    {
        if (Instance.TryParseId(instanceId, out Guid uuid) && _byUuid.TryGetValue(uuid, out instance) && instance.HasId(instanceId))
            return true;
        instance = null;
        return false;
    }

    /// <summary>The instance of UUID <paramref name="uuid"/> (<see cref="Instance.Uuid"/>), for keys that hold it instead of the id.</summary>
    public bool TryGetValue(Guid uuid, [NotNullWhen(true)] out Instance? instance) => _byUuid.TryGetValue(uuid, out instance);

    /// <summary>
    /// Puts <paramref name="instance"/> under its id with one walk of the table (not a removal and
    /// then an insertion: each walk of a million-entry table is a wait for memory); returns the
    /// instance of the same id it replaced, if any.
    /// </summary>
    public Instance? Put(Instance instance)
    {
        ref Instance? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byUuid, instance.Uuid, out bool existed);
        Instance? replaced = existed ? slot : null;
        slot = instance;
        return replaced;
    }

    /// <summary>Removes the entry under <paramref name="instance"/>'s id (whichever instance it holds) and gives it back.</summary>
    public bool Remove(Instance instance, [NotNullWhen(true)] out Instance? removed) =>
        _byUuid.Remove(instance.Uuid, out removed);
}
