using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using FastMesos.Agent.Containers;
using FastMesos.Transport.Codec;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// Durable files of the agent's checkpoint. Whole files are replaced atomically (write a temporary
/// file, fsync it, rename it over the old one), so a crash leaves either the old or the new content,
/// never a mix. Infos are stored in the wire codec (one message per file), so what the master sent
/// is what recovery reads back, without a second serialization to keep in step.
/// </summary>
internal static class CheckpointFiles
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void WriteMessage<T>(string path, in T message, bool sync)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        MessageCodec.Write(buffer, in message);
        WriteAtomically(path, buffer.WrittenSpan, sync);
    }

    /// <summary>Reads a file written by <see cref="WriteMessage{T}"/>; throws <see cref="InvalidDataException"/> when it does not decode.</summary>
    public static T ReadMessage<T>(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (!MessageCodec.TryDecode(new ReadOnlySequence<byte>(bytes), out T? message, out MessageDecodeException? error))
            AgentThrowHelper.ThrowCorrupt(path, error.Message);
        return message!;
    }

    public static void WriteContainer(string path, ContainerCheckpoint checkpoint, bool sync) =>
        WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json), sync);

    public static ContainerCheckpoint ReadContainer(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ContainerCheckpoint>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"checkpoint {path} is unreadable: null");
        }
        catch (JsonException e)
        {
            AgentThrowHelper.ThrowCorrupt(path, e.Message);
            return null;
        }
    }

    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, bool sync)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(content);
            file.Flush(flushToDisk: sync);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Points the symlink <paramref name="link"/> at <paramref name="target"/>, replacing it atomically.</summary>
    public static void PointLink(string link, string target)
    {
        string temp = link + ".tmp";
        if (File.Exists(temp) || Directory.Exists(temp) || new FileInfo(temp).LinkTarget is not null)
            File.Delete(temp);
        File.CreateSymbolicLink(temp, target);
        // rename(2) replaces the old link in one step; File.Move would refuse an existing directory link.
        if (Rename(temp, link) != 0)
        {
            File.Delete(link);
            File.Move(temp, link);
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    /// <summary>Removes a directory tree if it exists; checkpoint cleanup never fails the caller.</summary>
    public static void DeleteTree(string path, Action<string> log)
    {
        try
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"could not remove {path}: {e.Message}");
        }
    }
}
