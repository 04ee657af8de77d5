namespace FastMesos.Messages;

/// <summary>Mesos' <c>Value.Type</c> for agent attributes: SCALAR=0, RANGES=1, SET=2, TEXT=3.</summary>
public enum AttributeType
{
    Scalar = 0,
    Ranges = 1,
    Set = 2,
    Text = 3,
}
