namespace FastMesos.Engine;

/// <summary>
/// Names the pool a portion of resources belongs to, as one int: <see cref="Unreserved"/> (-1), or
/// a role node with the reservation kind in the low bit (static = 0, dynamic = 1).
/// </summary>
internal static class ReservationKey
{
    public const int Unreserved = -1;

    public static int Static(int roleNode) => roleNode << 1;
    public static int Dynamic(int roleNode) => (roleNode << 1) | 1;
    public static int RoleOf(int key) => key >> 1;
    public static bool IsDynamic(int key) => key >= 0 && (key & 1) == 1;
}
