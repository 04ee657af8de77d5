using System.Buffers;
using System.Buffers.Binary;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Agent.Runtime;

/// <summary>
/// One task's status updates in order (Mesos' <c>StatusUpdateStream</c>). Every update is appended
/// to <c>task.updates</c> before it is queued, and every acknowledgement after it is received, so
/// replaying the file rebuilds exactly the updates still owed. Only the head is ever in flight.
/// <para>
/// File format: records of <c>[kind:1][length:4, little endian][payload]</c>; kind 1 is an update
/// (the StatusUpdate in the wire codec), kind 2 an acknowledgement (16 uuid bytes). A torn last
/// record (a crash mid-append) is ignored on replay, like Mesos' protobuf record reader does.
/// </para>
/// </summary>
public sealed class StatusUpdateStream
{
    private const byte UpdateRecord = 1;
    private const byte AckRecord = 2;
    private const int HeaderSize = 5;

    private readonly Queue<StatusUpdate> _pending = new();
    private readonly HashSet<Guid> _seen = [];

    internal StatusUpdateStream(FrameworkId frameworkId, TaskId taskId, string? path)
    {
        FrameworkId = frameworkId;
        TaskId = taskId;
        Path = path;
    }

    public FrameworkId FrameworkId { get; }

    public TaskId TaskId { get; }

    /// <summary>The <c>task.updates</c> file; null when the stream is not checkpointed.</summary>
    public string? Path { get; }

    /// <summary>The oldest unacknowledged update: the one in flight.</summary>
    public StatusUpdate? Head => _pending.Count > 0 ? _pending.Peek() : null;

    public int PendingCount => _pending.Count;

    /// <summary>The unacknowledged updates, oldest first.</summary>
    public IEnumerable<StatusUpdate> PendingUpdates => _pending;

    /// <summary>Every update read back by a replay, acknowledged or not, oldest first (the task's history after a restart).</summary>
    internal List<StatusUpdate> Replayed { get; } = [];

    /// <summary>The newest state the stream holds (the tail, else the last acknowledged), for <see cref="StatusUpdate.LatestState"/>.</summary>
    public TaskState? LatestState { get; private set; }

    /// <summary>A terminal update was acknowledged: the stream is finished and the task can be collected.</summary>
    public bool Terminated { get; private set; }

    /// <summary>When the head is due to be (re)sent, as a <see cref="TimeProvider"/> timestamp; 0 = now.</summary>
    internal long NextSend { get; set; }

    /// <summary>The wait before the next resend of the head; doubles per resend up to the maximum.</summary>
    internal TimeSpan Backoff { get; set; }

    /// <summary>Whether the head has been sent at least once since it became the head.</summary>
    internal bool HeadSent { get; set; }

    /// <summary>Checkpoints <paramref name="update"/> then queues it; false for a duplicate uuid (ignored, as Mesos does).</summary>
    internal bool Append(in StatusUpdate update, bool sync)
    {
        Guid uuid = update.Uuid ?? Guid.Empty;
        if (!_seen.Add(uuid))
            return false;
        if (Path is not null)
            AppendRecord(Path, UpdateRecord, EncodeUpdate(update), sync);
        _pending.Enqueue(update);
        LatestState = update.Status.State;
        return true;
    }

    /// <summary>
    /// Records the acknowledgement of the head; false when <paramref name="uuid"/> is not the head's
    /// (a duplicate or stale acknowledgement, which changes nothing).
    /// </summary>
    internal bool Acknowledge(Guid uuid, bool sync)
    {
        if (_pending.Count == 0 || _pending.Peek().Uuid != uuid)
            return false;
        if (Path is not null)
            AppendRecord(Path, AckRecord, uuid.ToByteArray(), sync);
        StatusUpdate acked = _pending.Dequeue();
        if (acked.Status.State.IsTerminal())
            Terminated = true;
        HeadSent = false;
        NextSend = 0;
        return true;
    }

    /// <summary>Rebuilds a stream from its file: updates minus acknowledgements, in order.</summary>
    internal static StatusUpdateStream Replay(FrameworkId frameworkId, TaskId taskId, string path)
    {
        var stream = new StatusUpdateStream(frameworkId, taskId, path);
        byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : [];
        int offset = 0;
        while (bytes.Length - offset >= HeaderSize)
        {
            byte kind = bytes[offset];
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 1));
            if (length < 0 || bytes.Length - offset - HeaderSize < length)
                break;
            var payload = new ReadOnlyMemory<byte>(bytes, offset + HeaderSize, length);
            offset += HeaderSize + length;
            if (kind == UpdateRecord)
            {
                if (!MessageCodec.TryDecode(new ReadOnlySequence<byte>(payload), out StatusUpdate update, out _))
                    break;
                if (stream._seen.Add(update.Uuid ?? Guid.Empty))
                {
                    stream.Replayed.Add(update);
                    stream._pending.Enqueue(update);
                    stream.LatestState = update.Status.State;
                }
            }
            else if (kind == AckRecord && length == 16)
            {
                var uuid = new Guid(payload.Span);
                if (stream._pending.Count > 0 && stream._pending.Peek().Uuid == uuid)
                {
                    StatusUpdate acked = stream._pending.Dequeue();
                    stream.Terminated |= acked.Status.State.IsTerminal();
                }
            }
            else
            {
                break;
            }
        }

        return stream;
    }

    private static byte[] EncodeUpdate(in StatusUpdate update)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        MessageCodec.Write(buffer, in update);
        return buffer.WrittenSpan.ToArray();
    }

    private static void AppendRecord(string path, byte kind, ReadOnlySpan<byte> payload, bool sync)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Span<byte> header = stackalloc byte[HeaderSize];
        header[0] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(header);
        file.Write(payload);
        file.Flush(flushToDisk: sync);
    }
}
