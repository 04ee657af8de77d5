namespace FastMesos.Hosting.Flags;

/// <summary>Flag values that may name a file, as Mesos' flags do.</summary>
public static class FlagFiles
{
    /// <summary>
    /// A flag value that may name a file as Mesos' flags do: <c>file:///path</c> (or an absolute
    /// path for flags documented as paths) is replaced by the file's contents.
    /// </summary>
    public static string ReadValueOrFile(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const string scheme = "file://";
        if (!value.StartsWith(scheme, StringComparison.Ordinal))
            return value;
        string path = value[scheme.Length..];
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read '{path}': {e.Message}", e);
        }
    }
}
