namespace FastMesos.Engine;

/// <summary>A persistent volume on an agent: the reservation portion it lives in and the disk it took.</summary>
internal readonly record struct VolumeInfo(int Key, long SizeMilli, ulong ItemId);
