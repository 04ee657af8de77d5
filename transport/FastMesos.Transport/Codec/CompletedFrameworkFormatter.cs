using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>A framework an agent runs nothing of any more: <c>[framework, tasks?]</c> (Mesos <c>Archive.Framework</c>).</summary>
public sealed class CompletedFrameworkFormatter : IMessageFormatter<CompletedFramework>
{
    public static readonly CompletedFrameworkFormatter Instance = new();
    private static readonly string[] Fields = ["Framework", "Tasks"];

    /// <summary>Header plus one byte for each required field: the least a CompletedFramework can take on the wire.</summary>
    internal const int MinBytes = 2;

    public void Write(ref MessagePackWriter writer, in CompletedFramework value)
    {
        writer.WriteArrayHeader(2);
        FrameworkInfoFormatter.Instance.Write(ref writer, value.Framework);
        Wire.WriteList(ref writer, value.Tasks, LaunchedTaskFormatter.Instance);
    }

    public CompletedFramework Read(ref MessagePackReader reader, StringPool strings)
    {
        int count = Wire.EnterObject(ref reader, 1);
        FrameworkInfo framework = null!;
        LaunchedTask[] tasks = [];
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0: framework = FrameworkInfoFormatter.Instance.Read(ref reader, strings); break;
                    case 1: tasks = Wire.ReadList(ref reader, strings, LaunchedTaskFormatter.Instance, LaunchedTaskFormatter.MinBytes); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }
        Wire.ExitObject(ref reader);
        return new CompletedFramework { Framework = framework, Tasks = tasks };
    }
}
