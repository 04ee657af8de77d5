using System.Buffers;
using FastMesos.Engine.Master;
using FastMesos.Messages;
using FastMesos.Transport.Codec;
using MessagePack;

namespace FastMesos.Master.Registry;

/// <summary>
/// The registry's bytes in the store: a MessagePack array <c>[format, agents, frameworks]</c>, each
/// agent <c>[RegisterAgent payload, address, unreachable time or nil]</c> and each framework a
/// SubscribeCall payload. AgentInfo and FrameworkInfo go through the wire codec's own formatters,
/// so the registry follows the wire format's evolution instead of keeping a second schema.
/// </summary>
public static class RegistryCodec
{
    /// <summary>Bumped when the layout changes; a master refuses a registry of a format it does not know.</summary>
    public const int Format = 1;

    public static byte[] Encode(MasterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var output = new ArrayBufferWriter<byte>(256 + (registry.Agents.Count * 256));
        var scratch = new ArrayBufferWriter<byte>(512);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.Write(Format);
        writer.WriteArrayHeader(registry.Agents.Count);
        foreach (RegistryAgent agent in registry.Agents)
        {
            writer.WriteArrayHeader(3);
            scratch.ResetWrittenCount();
            MessageCodec.Write(scratch, new RegisterAgent { Agent = agent.Info, Version = agent.Version });
            writer.Write(scratch.WrittenSpan);
            writer.Write(agent.Address);
            if (agent.UnreachableTime is double time)
                writer.Write(time);
            else
                writer.WriteNil();
        }

        writer.WriteArrayHeader(registry.Frameworks.Count);
        foreach (FrameworkInfo framework in registry.Frameworks)
        {
            scratch.ResetWrittenCount();
            MessageCodec.Write(scratch, new SubscribeCall { Framework = framework });
            writer.Write(scratch.WrittenSpan);
        }

        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads a stored registry; throws <see cref="RegistryFormatException"/> naming what is wrong.</summary>
    public static MasterRegistry Decode(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.ReadArrayHeader() != 3)
                throw new RegistryFormatException("the registry is not a [format, agents, frameworks] array");
            int format = reader.ReadInt32();
            if (format != Format)
                throw new RegistryFormatException($"the registry has format {format}; this master reads format {Format}");
            int agentCount = reader.ReadArrayHeader();
            var agents = new List<RegistryAgent>(agentCount);
            for (int i = 0; i < agentCount; i++)
            {
                if (reader.ReadArrayHeader() != 3)
                    throw new RegistryFormatException($"agent {i} is not a [info, address, unreachable] array");
                RegisterAgent registered = MessageCodec.Decode<RegisterAgent>(reader.ReadBytes() ?? throw new RegistryFormatException($"agent {i} has no info"));
                string address = reader.ReadString() ?? "";
                double? unreachable = reader.TryReadNil() ? null : reader.ReadDouble();
                if (registered.Agent.Id is null)
                    throw new RegistryFormatException($"agent {i} ({registered.Agent.Hostname}) has no id");
                agents.Add(new RegistryAgent(registered.Agent, registered.Version, address, unreachable));
            }

            int frameworkCount = reader.ReadArrayHeader();
            var frameworks = new List<FrameworkInfo>(frameworkCount);
            for (int i = 0; i < frameworkCount; i++)
            {
                SubscribeCall call = MessageCodec.Decode<SubscribeCall>(reader.ReadBytes() ?? throw new RegistryFormatException($"framework {i} has no info"));
                if (call.Framework.Id is null)
                    throw new RegistryFormatException($"framework {i} ({call.Framework.Name}) has no id");
                frameworks.Add(call.Framework);
            }

            return new MasterRegistry(agents, frameworks);
        }
        catch (Exception e) when (e is MessagePackSerializationException or MessageDecodeException or EndOfStreamException or InvalidOperationException)
        {
            throw new RegistryFormatException($"the registry cannot be read: {e.Message}", e);
        }
    }
}
