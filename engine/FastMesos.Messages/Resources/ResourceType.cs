namespace FastMesos.Messages;

/// <summary>Mesos' <c>Value.Type</c> for resources: SCALAR=0, RANGES=1, SET=2.</summary>
public enum ResourceType
{
    Scalar = 0,
    Ranges = 1,
    Set = 2,
}
