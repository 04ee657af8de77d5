namespace FastMesos.Coordination;

/// <summary>The kind of a <see cref="MultiOp"/>.</summary>
public enum MultiOpKind
{
    Create,
    Delete,
    SetData,
    Check,
}
