using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FastMesos.Coordination.Recipes;

/// <summary>
/// A versioned key-value store in ZooKeeper (registries, app state): every write is a compare-and-set
/// on the key node's version. Values past ZooKeeper's ~1 MB node limit are compressed, and if still
/// too large split into chunk nodes written before the key node points at them, so a reader never
/// sees a half-written value. Layout: <c>root/key</c> holds a header (+ the value when inline);
/// <c>root/_chunks/key~generation~i</c> hold the chunks of a large value.
/// </summary>
public sealed class StateStore
{
    /// <summary>Values up to this size are stored in the key node itself (ZooKeeper's default jute.maxbuffer is 1 MiB per packet).</summary>
    internal const int InlineLimit = 900 * 1024;
    internal const int ChunkSize = 512 * 1024;
    private const int CompressAbove = 64 * 1024;
    private const byte Compressed = 1;
    private const byte Chunked = 2;
    private const int MaxReadAttempts = 5;

    private readonly ZooKeeperClient _client;
    private readonly string _root;
    private readonly string _chunks;
    private readonly IReadOnlyList<Acl> _acl;

    /// <summary>
    /// A store under <paramref name="root"/>; every node it creates (folders, keys, chunks) gets
    /// <paramref name="acl"/> (open when null), e.g. <see cref="Acl.CreatorAll"/> so that only
    /// sessions authenticated as the creator's digest user can read or change the state.
    /// </summary>
    public StateStore(ZooKeeperClient client, string root, IReadOnlyList<Acl>? acl = null)
    {
        _client = client;
        _root = root;
        _chunks = GroupMembers.Combine(root, "_chunks");
        _acl = acl ?? Acl.OpenUnsafe;
    }

    /// <summary>Creates the root and chunk folders if missing.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken = default) => GroupMembers.EnsurePathAsync(_client, _chunks, _acl, cancellationToken);

    /// <summary>The value and version, or null when the key does not exist.</summary>
    public async Task<VersionedValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        for (int attempt = 0; ; attempt++)
        {
            byte[] header;
            Stat stat;
            try
            {
                (header, stat) = await _client.GetDataAsync(KeyPath(key), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return null;
            }

            try
            {
                return new VersionedValue(await DecodeAsync(key, header, cancellationToken).ConfigureAwait(false), stat.Version);
            }
            catch (NoNodeException) when (attempt < MaxReadAttempts)
            {
                // A writer replaced the value and removed the chunks we were reading: read again.
            }
        }
    }

    /// <summary>
    /// Writes the value if the key's version is <paramref name="expectedVersion"/> (null: the key must
    /// not exist). Returns the new version. Throws <see cref="BadVersionException"/> or
    /// <see cref="NodeExistsException"/> when another writer got there first.
    /// </summary>
    public async Task<int> SetAsync(string key, byte[] value, int? expectedVersion, CancellationToken cancellationToken = default)
    {
        string path = KeyPath(key);
        byte[]? oldHeader = null;
        if (expectedVersion is int version)
        {
            (byte[] current, Stat stat) = await _client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (stat.Version != version)
                throw new BadVersionException(path, $"expected version {version}, found {stat.Version}");
            oldHeader = current;
        }

        (byte[] header, List<string> written) = await EncodeAsync(key, value, cancellationToken).ConfigureAwait(false);
        int newVersion;
        try
        {
            if (expectedVersion is int expected)
                newVersion = (await _client.SetDataAsync(path, header, expected, cancellationToken).ConfigureAwait(false)).Version;
            else
            {
                await _client.CreateAsync(path, header, CreateMode.Persistent, _acl, cancellationToken).ConfigureAwait(false);
                newVersion = 0;
            }
        }
        catch (ZooKeeperException e) when (e is BadVersionException or NodeExistsException or NoNodeException)
        {
            await DeleteChunksAsync(written).ConfigureAwait(false);
            throw;
        }

        if (oldHeader is not null)
            await DeleteChunksAsync(ChunkNames(key, oldHeader)).ConfigureAwait(false);
        return newVersion;
    }

    /// <summary>Deletes the key if its version matches (-1: any) and its chunks.</summary>
    public async Task DeleteAsync(string key, int version = -1, CancellationToken cancellationToken = default)
    {
        string path = KeyPath(key);
        (byte[] header, _) = await _client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _client.DeleteAsync(path, version, cancellationToken).ConfigureAwait(false);
        await DeleteChunksAsync(ChunkNames(key, header)).ConfigureAwait(false);
    }

    internal async Task<List<string>> ChunkNodesAsync(CancellationToken cancellationToken = default) =>
        (await _client.GetChildrenAsync(_chunks, cancellationToken: cancellationToken).ConfigureAwait(false)).Children;

    private string KeyPath(string key)
    {
        if (key.Length == 0 || key.Contains('/') || key.Contains('~') || key == "_chunks")
            throw new ArgumentException($"'{key}' is not a valid key (non-empty, no '/' or '~', not _chunks)", nameof(key));
        return GroupMembers.Combine(_root, key);
    }

    private async Task<(byte[] Header, List<string> Chunks)> EncodeAsync(string key, byte[] value, CancellationToken cancellationToken)
    {
        byte flags = 0;
        byte[] payload = value;
        if (value.Length > CompressAbove)
        {
            byte[] compressed = Compress(value);
            if (compressed.Length < value.Length)
            {
                payload = compressed;
                flags |= Compressed;
            }
        }

        if (payload.Length <= InlineLimit)
            return ([flags, .. payload], []);

        // Chunk nodes first; the key node points at them only once all exist.
        string generation = Guid.NewGuid().ToString("N");
        int count = (payload.Length + ChunkSize - 1) / ChunkSize;
        var names = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            string name = $"{key}~{generation}~{i}";
            int start = i * ChunkSize;
            await _client.CreateAsync(GroupMembers.Combine(_chunks, name), payload[start..Math.Min(payload.Length, start + ChunkSize)],
                CreateMode.Persistent, _acl, cancellationToken).ConfigureAwait(false);
            names.Add(name);
        }

        byte[] generationBytes = Encoding.ASCII.GetBytes(generation);
        byte[] header = new byte[1 + 4 + generationBytes.Length];
        header[0] = (byte)(flags | Chunked);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), count);
        generationBytes.CopyTo(header, 5);
        return (header, names);
    }

    private async Task<byte[]> DecodeAsync(string key, byte[] header, CancellationToken cancellationToken)
    {
        if (header.Length == 0)
            throw new InvalidDataException($"state store key {key} has an empty header");
        byte flags = header[0];
        byte[] payload;
        if ((flags & Chunked) == 0)
            payload = header[1..];
        else
        {
            using var assembled = new MemoryStream();
            foreach (string name in ChunkNames(key, header))
            {
                (byte[] chunk, _) = await _client.GetDataAsync(GroupMembers.Combine(_chunks, name), cancellationToken: cancellationToken).ConfigureAwait(false);
                assembled.Write(chunk);
            }

            payload = assembled.ToArray();
        }

        return (flags & Compressed) == 0 ? payload : Decompress(payload);
    }

    private static List<string> ChunkNames(string key, byte[] header)
    {
        if (header.Length < 5 || (header[0] & Chunked) == 0)
            return [];
        int count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        string generation = Encoding.ASCII.GetString(header, 5, header.Length - 5);
        var names = new List<string>(count);
        for (int i = 0; i < count; i++)
            names.Add($"{key}~{generation}~{i}");
        return names;
    }

    private async Task DeleteChunksAsync(List<string> names)
    {
        foreach (string name in names)
        {
            try
            {
                await _client.DeleteAsync(GroupMembers.Combine(_chunks, name)).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
            }
        }
    }

    private static byte[] Compress(byte[] value)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(value);
        return output.ToArray();
    }

    private static byte[] Decompress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress))
            gzip.CopyTo(output);
        return output.ToArray();
    }
}
