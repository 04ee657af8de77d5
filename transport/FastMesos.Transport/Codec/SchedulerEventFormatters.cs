using System.Buffers;
using FastMesos.Messages;
using MessagePack;
// The Mesos name collides with System.Threading.Tasks.TaskStatus, which implicit usings import.
using TaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Transport.Codec;

/// <summary>SUBSCRIBED: <c>[framework_id, heartbeat_interval_seconds?, master?]</c>.</summary>
public sealed class SubscribedEventFormatter : IMessageFormatter<SubscribedEvent>
{
    public static readonly SubscribedEventFormatter Instance = new();
    private static readonly string[] Fields = ["FrameworkId", "HeartbeatIntervalSeconds", "Master"];

    /// <summary>Header plus one byte for each required field: the least a SubscribedEvent can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in SubscribedEvent value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.FrameworkId.Value);
        writer.Write(value.HeartbeatIntervalSeconds);
        Wire.WriteOptional(ref writer, value.Master, MasterInfoFormatter.Instance);
    }

    public SubscribedEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkId frameworkId = default;
        double heartbeatIntervalSeconds = 15;
        MasterInfo? master = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: frameworkId = new FrameworkId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: heartbeatIntervalSeconds = reader.ReadDouble(); break;
                    case 2: master = Wire.ReadOptional(ref reader, strings, MasterInfoFormatter.Instance); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new SubscribedEvent
        {
            FrameworkId = frameworkId,
            HeartbeatIntervalSeconds = heartbeatIntervalSeconds,
            Master = master,
        };
    }
}

/// <summary>OFFERS: <c>[offers?]</c>.</summary>
public sealed class OffersEventFormatter : IMessageFormatter<OffersEvent>
{
    public static readonly OffersEventFormatter Instance = new();
    private static readonly string[] Fields = ["Offers"];

    /// <summary>Header plus one byte for each required field: the least a OffersEvent can take on the wire.</summary>
    internal const int MinBytes = 1;

    public void Write(ref MessagePackWriter writer, in OffersEvent value)
    {
        writer.WriteArrayHeader(1);
        Wire.WriteList(ref writer, value.Offers, OfferFormatter.Instance);
    }

    public OffersEvent Read(ref MessagePackReader reader, StringPool strings) =>
        new() { Offers = ReadOffers(ref reader, strings, pool: null, out _) };

    /// <summary>
    /// Reads an OffersEvent's offers: an exact-length array the caller owns when <paramref name="pool"/>
    /// is null, else an array holding <paramref name="count"/> offers, rented from it when
    /// <c>Wire.IsPooled(count)</c>, which the caller then returns (on failure nothing stays rented).
    /// </summary>
    internal static Offer[] ReadOffers(ref MessagePackReader reader, StringPool strings, ArrayPool<Offer>? pool, out int count)
    {
        int fields = Wire.EnterObject(ref reader, 0);
        Offer[] offers = [];
        count = 0;
        int i = 0;
        try
        {
            for (; i < fields; i++)
            {
                switch (i)
                {
                    case 0:
                        if (pool is null)
                            count = (offers = Wire.ReadList(ref reader, strings, OfferFormatter.Instance, OfferFormatter.MinBytes)).Length;
                        else
                            offers = Wire.ReadPooledList(ref reader, strings, OfferFormatter.Instance, OfferFormatter.MinBytes, pool, out count);
                        break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            // A field after the offers failed: the rented array goes back before the error leaves.
            if (pool is not null && offers.Length > 0 && Wire.IsPooled(count))
                pool.Return(offers, clearArray: true);
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return offers;
    }
}

/// <summary>RESCIND: <c>[offer_id]</c>.</summary>
public sealed class RescindEventFormatter : IMessageFormatter<RescindEvent>
{
    public static readonly RescindEventFormatter Instance = new();
    private static readonly string[] Fields = ["OfferId"];

    /// <summary>Header plus one byte for each required field: the least a RescindEvent can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in RescindEvent value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.OfferId.Value);
    }

    public RescindEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        OfferId offerId = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: offerId = new OfferId(Wire.ReadRequiredString(ref reader, strings)); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new RescindEvent(OfferId: offerId);
    }
}

/// <summary>UPDATE, a hot event: <c>[status]</c>.</summary>
public sealed class UpdateEventFormatter : IMessageFormatter<UpdateEvent>
{
    public static readonly UpdateEventFormatter Instance = new();
    private static readonly string[] Fields = ["Status"];

    /// <summary>Header plus one byte for each required field: the least a UpdateEvent can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in UpdateEvent value)
    {
        writer.WriteArrayHeader(1);
        TaskStatusFormatter.Instance.Write(ref writer, value.Status);
    }

    public UpdateEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        TaskStatus status = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: status = TaskStatusFormatter.Instance.Read(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new UpdateEvent(Status: status);
    }
}

/// <summary>MESSAGE (executor to scheduler): <c>[agent_id, executor_id, data?]</c>.</summary>
public sealed class MessageEventFormatter : IMessageFormatter<MessageEvent>
{
    public static readonly MessageEventFormatter Instance = new();
    private static readonly string[] Fields = ["AgentId", "ExecutorId", "Data"];

    /// <summary>Header plus one byte for each required field: the least a MessageEvent can take on the wire.</summary>
    internal const int MinBytes = 3;

    public void Write(ref MessagePackWriter writer, in MessageEvent value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.AgentId.Value);
        writer.Write(value.ExecutorId.Value);
        Wire.WriteBytes(ref writer, value.Data);
    }

    public MessageEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 2);
        AgentId agentId = default;
        ExecutorId executorId = default;
        ReadOnlyMemory<byte> data = default;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agentId = new AgentId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 1: executorId = new ExecutorId(Wire.ReadRequiredString(ref reader, strings)); break;
                    case 2: data = Wire.ReadBytes(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new MessageEvent
        {
            AgentId = agentId,
            ExecutorId = executorId,
            Data = data,
        };
    }
}

/// <summary>FAILURE: <c>[agent_id?, executor_id?, status?]</c>.</summary>
public sealed class FailureEventFormatter : IMessageFormatter<FailureEvent>
{
    public static readonly FailureEventFormatter Instance = new();
    private static readonly string[] Fields = ["AgentId", "ExecutorId", "Status"];

    /// <summary>Header plus one byte for each required field: the least a FailureEvent can take on the wire.</summary>
    internal const int MinBytes = 1;

    public void Write(ref MessagePackWriter writer, in FailureEvent value)
    {
        writer.WriteArrayHeader(3);
        writer.Write(value.AgentId?.Value);
        writer.Write(value.ExecutorId?.Value);
        Wire.WriteOptionalInt(ref writer, value.Status);
    }

    public FailureEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 0);
        AgentId? agentId = null;
        ExecutorId? executorId = null;
        int? status = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: agentId = Wire.ReadOptionalAgentId(ref reader, strings); break;
                    case 1: executorId = Wire.ReadOptionalExecutorId(ref reader, strings); break;
                    case 2: status = Wire.ReadOptionalInt32(ref reader); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new FailureEvent
        {
            AgentId = agentId,
            ExecutorId = executorId,
            Status = status,
        };
    }
}

/// <summary>ERROR: <c>[message]</c>.</summary>
public sealed class ErrorEventFormatter : IMessageFormatter<ErrorEvent>
{
    public static readonly ErrorEventFormatter Instance = new();
    private static readonly string[] Fields = ["Message"];

    /// <summary>Header plus one byte for each required field: the least a ErrorEvent can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ErrorEvent value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.Message);
    }

    public ErrorEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string message = "";
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: message = Wire.ReadRequiredString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ErrorEvent(Message: message);
    }
}

/// <summary>HEARTBEAT, no fields: <c>[]</c>.</summary>
public sealed class HeartbeatEventFormatter : IMessageFormatter<HeartbeatEvent>
{
    public static readonly HeartbeatEventFormatter Instance = new();

    /// <summary>Header plus one byte for each required field: the least a HeartbeatEvent can take on the wire.</summary>
    internal const int MinBytes = 1;

    public void Write(ref MessagePackWriter writer, in HeartbeatEvent value)
    {
        writer.WriteArrayHeader(0);
    }

    public HeartbeatEvent Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 0);
        for (int i = 0; i < count; i++)
            Wire.Skip(ref reader);
        Wire.ExitObject(ref reader);
        return default;
    }
}
