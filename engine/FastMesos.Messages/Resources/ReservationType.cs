namespace FastMesos.Messages;

/// <summary>How a resource is reserved. Unreserved resources belong to role <c>*</c>.</summary>
public enum ReservationType
{
    /// <summary>Not reserved: role <c>*</c>.</summary>
    None = 0,

    /// <summary>Reserved at agent start with <c>--resources="cpus(role):2"</c>.</summary>
    Static = 1,

    /// <summary>Reserved at run time with the RESERVE operation; undone with UNRESERVE.</summary>
    Dynamic = 2,
}
