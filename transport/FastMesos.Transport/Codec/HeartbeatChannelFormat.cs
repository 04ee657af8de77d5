using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Transport.Codec;

/// <summary>
/// <see cref="HeartbeatChannel"/> inside AgentRegistered and AgentReregistered: <c>[port, slot, token]</c>,
/// or nil when the master offers none. A port outside 1–65535 is refused: the agent would send its
/// hello nowhere.
/// </summary>
internal static class HeartbeatChannelFormat
{
    private static readonly string[] Fields = ["Port", "Slot", "Token"];

    public static void Write(ref MessagePackWriter writer, HeartbeatChannel? channel)
    {
        if (channel is not { } c)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(3);
        writer.Write(c.Port);
        writer.Write(c.Slot);
        writer.Write(c.Token);
    }

    public static HeartbeatChannel? Read(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
            return null;
        int count = Wire.EnterObject(ref reader, 3);
        int port = 0;
        uint slot = 0;
        ulong token = 0;
        int i = 0;
        try
        {
            for (; i < count; i++)
            {
                switch (i)
                {
                    case 0:
                        port = reader.ReadInt32();
                        if (port is < 1 or > 65535)
                            Wire.ThrowInvalid($"port {port} is not between 1 and 65535");
                        break;
                    case 1: slot = reader.ReadUInt32(); break;
                    case 2: token = reader.ReadUInt64(); break;
                    default: Wire.Skip(ref reader); break;
                }
            }
        }
        catch (Exception e) when (Wire.IsDecodeFailure(e))
        {
            throw Wire.AtField(e, Fields, i);
        }

        Wire.ExitObject(ref reader);
        return new HeartbeatChannel(port, slot, token);
    }
}
