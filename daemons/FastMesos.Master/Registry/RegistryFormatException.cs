namespace FastMesos.Master.Registry;

/// <summary>A stored registry that this master cannot read; the master refuses to lead rather than forget agents.</summary>
public sealed class RegistryFormatException : Exception
{
    public RegistryFormatException(string message)
        : base(message)
    {
    }

    public RegistryFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
