using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>A label: <c>[key, value?]</c>.</summary>
public sealed class LabelFormatter : IMessageFormatter<Label>
{
    public static readonly LabelFormatter Instance = new();
    private static readonly string[] Fields = ["Key", "Value"];

    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in Label value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.Key);
        writer.Write(value.Value);
    }

    public Label Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string key = "";
        string? value = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: key = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: value = Wire.ReadString(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new Label(key, value);
    }
}

/// <summary>An offer id as its string (inside lists of ids).</summary>
public sealed class OfferIdFormatter : IMessageFormatter<OfferId>
{
    public static readonly OfferIdFormatter Instance = new();

    public void Write(ref MessagePackWriter writer, in OfferId value) => writer.Write(value.Value);

    public OfferId Read(ref MessagePackReader reader, StringPool strings) => new(Wire.ReadRequiredString(ref reader, strings));
}

/// <summary>An executor id as its string (inside lists of ids).</summary>
public sealed class ExecutorIdFormatter : IMessageFormatter<ExecutorId>
{
    public static readonly ExecutorIdFormatter Instance = new();

    public void Write(ref MessagePackWriter writer, in ExecutorId value) => writer.Write(value.Value);

    public ExecutorId Read(ref MessagePackReader reader, StringPool strings) => new(Wire.ReadRequiredString(ref reader, strings));
}

/// <summary>Filters: <c>[refuse_seconds]</c>.</summary>
public sealed class FiltersFormatter : IMessageFormatter<Filters>
{
    public static readonly FiltersFormatter Instance = new();
    private static readonly string[] Fields = ["RefuseSeconds"];

    public void Write(ref MessagePackWriter writer, in Filters value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.RefuseSeconds);
    }

    public Filters Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 0);
        double refuse = Filters.DefaultRefuseSeconds;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: refuse = reader.ReadDouble(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new Filters(refuse);
    }
}

/// <summary>A kill policy: <c>[grace_period_nanoseconds]</c>.</summary>
public sealed class KillPolicyFormatter : IMessageFormatter<KillPolicy>
{
    public static readonly KillPolicyFormatter Instance = new();
    private static readonly string[] Fields = ["GracePeriodNanoseconds"];

    public void Write(ref MessagePackWriter writer, in KillPolicy value)
    {
        writer.WriteArrayHeader(1);
        writer.Write(value.GracePeriodNanoseconds);
    }

    public KillPolicy Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        long grace = 0;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: grace = reader.ReadInt64(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new KillPolicy(grace);
    }
}

/// <summary>A task to reconcile: <c>[task_id, agent_id?]</c>.</summary>
public sealed class ReconcileTaskFormatter : IMessageFormatter<ReconcileTask>
{
    public static readonly ReconcileTaskFormatter Instance = new();
    private static readonly string[] Fields = ["TaskId", "AgentId"];

    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in ReconcileTask value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.TaskId.Value);
        writer.Write(value.AgentId?.Value);
    }

    public ReconcileTask Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        string taskId = "";
        AgentId? agentId = null;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: taskId = Wire.ReadRequiredString(ref reader, strings); break;
                    case 1: agentId = Wire.ReadOptionalAgentId(ref reader, strings); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new ReconcileTask(new TaskId(taskId), agentId);
    }
}
