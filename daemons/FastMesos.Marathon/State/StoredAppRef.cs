using FastMesos.Apps.Model;

namespace FastMesos.Marathon.State;

/// <summary>An app in a stored root group: its id and the version stored under <c>versions/…/&lt;version&gt;</c>.</summary>
internal readonly record struct StoredAppRef(PathId Id, DateTimeOffset Version);
