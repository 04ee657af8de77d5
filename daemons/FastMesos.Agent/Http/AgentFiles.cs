using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace FastMesos.Agent.Http;

/// <summary>
/// Mesos' <c>/files/read</c> and <c>/files/browse</c> over the agent's sandboxes. A path is served only
/// when its real location (symlinks and <c>..</c> resolved) lies under the sandbox root, so neither a
/// <c>../../etc/passwd</c> nor a link a task planted in its sandbox reaches the rest of the disk.
/// Each function writes the response body (or a JSON <c>{"error": ...}</c>) and returns the HTTP status.
/// </summary>
public static class AgentFiles
{
    /// <summary>The most bytes one read returns: Mesos caps a read at 16 pages.</summary>
    public const int MaxReadLength = 16 * 4096;

    /// <summary>
    /// <c>/files/read?path=&amp;offset=&amp;length=</c>: <c>{"data": "...", "offset": N}</c>. Offset -1 asks
    /// for the size only (<c>{"data": "", "offset": size}</c>), as Mesos' log tailing does; a missing
    /// or -1 length reads to the end, capped at <see cref="MaxReadLength"/>.
    /// </summary>
    public static int Read(Utf8JsonWriter w, string sandboxRoot, string? path, string? offsetText, string? lengthText)
    {
        ArgumentNullException.ThrowIfNull(w);
        int status = Resolve(sandboxRoot, path, out string real, out string? error);
        if (error is not null)
            return Error(w, status, error);
        if (Directory.Exists(real))
            return Error(w, 400, "Cannot read a directory");
        long offset = 0;
        if (!string.IsNullOrEmpty(offsetText) && (!long.TryParse(offsetText, out offset) || offset < -1))
            return Error(w, 400, $"Failed to parse offset: '{offsetText}' is not an integer ≥ -1");
        long length = -1;
        if (!string.IsNullOrEmpty(lengthText) && (!long.TryParse(lengthText, out length) || length < -1))
            return Error(w, 400, $"Failed to parse length: '{lengthText}' is not an integer ≥ -1");

        using var file = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long size = file.Length;
        if (offset == -1)
            return Data(w, [], size);
        if (offset >= size)
            return Data(w, [], offset);
        long wanted = length == -1 ? size - offset : Math.Min(length, size - offset);
        var buffer = new byte[(int)Math.Min(wanted, MaxReadLength)];
        file.Position = offset;
        int read = 0;
        while (read < buffer.Length)
        {
            int n = file.Read(buffer, read, buffer.Length - read);
            if (n == 0)
                break;
            read += n;
        }

        return Data(w, buffer.AsSpan(0, read), offset);
    }

    /// <summary><c>/files/browse?path=</c>: an array of <c>{path, size, mode, mtime, nlink, uid, gid}</c> for a directory's entries.</summary>
    public static int Browse(Utf8JsonWriter w, string sandboxRoot, string? path)
    {
        ArgumentNullException.ThrowIfNull(w);
        int status = Resolve(sandboxRoot, path, out string real, out string? error);
        if (error is not null)
            return Error(w, status, error);
        if (!Directory.Exists(real))
            return Error(w, 400, "Not a directory");
        var entries = new List<FileSystemInfo>(new DirectoryInfo(real).EnumerateFileSystemInfos());
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        w.WriteStartArray();
        foreach (FileSystemInfo entry in entries)
        {
            // Entries are listed under the path the caller asked for, as Mesos does.
            w.WriteStartObject();
            w.WriteString("path", Path.Combine(path!, entry.Name));
            w.WriteNumber("size", entry is FileInfo f ? f.Length : 4096);
            w.WriteString("mode", ModeText(entry));
            w.WriteNumber("mtime", entry.LastWriteTimeUtc.Subtract(DateTime.UnixEpoch).TotalSeconds);
            w.WriteNumber("nlink", entry is DirectoryInfo ? 2 : 1);
            w.WriteString("uid", "");
            w.WriteString("gid", "");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        return 200;
    }

    /// <summary>Resolves <paramref name="path"/> to its real location and checks it is inside the sandbox root: 400 without a path, 404 otherwise.</summary>
    public static int Resolve(string sandboxRoot, string? path, out string real, out string? error)
    {
        ArgumentNullException.ThrowIfNull(sandboxRoot);
        real = "";
        if (string.IsNullOrEmpty(path))
        {
            error = "Expecting 'path=value' in query.";
            return 400;
        }

        string? resolved = Path.IsPathRooted(path) && path.IndexOf('\0') < 0 ? RealPath(Path.GetFullPath(path)) : null;
        string root = RealPath(Path.GetFullPath(sandboxRoot)) ?? Path.GetFullPath(sandboxRoot);
        if (resolved is null || !(resolved == root || resolved.StartsWith(root + "/", StringComparison.Ordinal)))
        {
            // The same answer for "missing" and "outside": the endpoint does not reveal what exists elsewhere.
            error = $"No such file or directory in a sandbox: {path}";
            return 404;
        }

        real = resolved;
        error = null;
        return 200;
    }

    private static int Data(Utf8JsonWriter w, ReadOnlySpan<byte> data, long offset)
    {
        w.WriteStartObject();
        w.WriteString("data", Encoding.UTF8.GetString(data));
        w.WriteNumber("offset", offset);
        w.WriteEndObject();
        return 200;
    }

    private static int Error(Utf8JsonWriter w, int status, string message)
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
        return status;
    }

    private static string ModeText(FileSystemInfo entry)
    {
        UnixFileMode mode = entry.UnixFileMode;
        Span<char> text = stackalloc char[10];
        text[0] = entry.LinkTarget is not null ? 'l' : entry is DirectoryInfo ? 'd' : '-';
        ReadOnlySpan<UnixFileMode> bits =
        [
            UnixFileMode.UserRead, UnixFileMode.UserWrite, UnixFileMode.UserExecute,
            UnixFileMode.GroupRead, UnixFileMode.GroupWrite, UnixFileMode.GroupExecute,
            UnixFileMode.OtherRead, UnixFileMode.OtherWrite, UnixFileMode.OtherExecute,
        ];
        for (int i = 0; i < 9; i++)
            text[i + 1] = (mode & bits[i]) != 0 ? "rwx"[i % 3] : '-';
        return new string(text);
    }

    /// <summary>realpath(3): the canonical absolute path with every symlink resolved, or null when it does not exist.</summary>
    private static string? RealPath(string path)
    {
        IntPtr resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Marshal.FreeHGlobal(resolved);
        }
    }

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr NativeRealPath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);
}
