using FastMesos.Engine.Master;
using FastMesos.Master.Registry;
using FastMesos.Messages;
using MessagePack;

namespace FastMesos.Master.Tests;

/// <summary>The registry's stored form: it round-trips, and damage is reported, never half-read.</summary>
public sealed class RegistryCodecTests
{
    private static MasterRegistry Sample() => new(
        [
            new RegistryAgent(new AgentInfo
            {
                Id = new AgentId("m-S0"),
                Hostname = "a1",
                Port = 5051,
                Resources = Resources.Parse("cpus:4;mem:4096;ports:[31000-32000];cpus(web):2"),
                Attributes = AgentAttributes.Parse("rack:r1"),
            }, "1.11.0", "127.0.0.1", null),
            new RegistryAgent(new AgentInfo { Id = new AgentId("m-S1"), Hostname = "a2", Resources = Resources.Parse("cpus:1;mem:512") },
                "1.11.0", "127.0.0.2", 1767225600.5),
        ],
        [
            new FrameworkInfo { Id = new FrameworkId("m-0000"), User = "root", Name = "marathon", Roles = ["web"], FailoverTimeoutSeconds = 604800, Checkpoint = true },
        ]);

    [Fact]
    public void A_registry_round_trips()
    {
        MasterRegistry registry = Sample();

        MasterRegistry read = RegistryCodec.Decode(RegistryCodec.Encode(registry));

        Assert.Equal(2, read.Agents.Count);
        Assert.Equal("m-S0", read.Agents[0].Info.Id!.Value.Value);
        Assert.Equal("a1", read.Agents[0].Info.Hostname);
        Assert.Equal(5051, read.Agents[0].Info.Port);
        Assert.Equal(registry.Agents[0].Info.Resources.ToString(), read.Agents[0].Info.Resources.ToString());
        Assert.Equal("rack:r1", read.Agents[0].Info.Attributes.ToString());
        Assert.Equal("127.0.0.1", read.Agents[0].Address);
        Assert.Null(read.Agents[0].UnreachableTime);
        Assert.Equal(1767225600.5, read.Agents[1].UnreachableTime);
        FrameworkInfo fw = Assert.Single(read.Frameworks);
        Assert.Equal("m-0000", fw.Id!.Value.Value);
        Assert.Equal(["web"], fw.Roles);
        Assert.Equal(604800, fw.FailoverTimeoutSeconds);
        Assert.True(fw.Checkpoint);
    }

    [Fact]
    public void An_empty_registry_round_trips()
    {
        MasterRegistry read = RegistryCodec.Decode(RegistryCodec.Encode(MasterRegistry.Empty));

        Assert.Empty(read.Agents);
        Assert.Empty(read.Frameworks);
    }

    [Fact]
    public void A_registry_of_another_format_is_refused_by_name()
    {
        byte[] bytes = MessagePackSerializer.Serialize(new object[] { 99, Array.Empty<object>(), Array.Empty<object>() });

        RegistryFormatException e = Assert.Throws<RegistryFormatException>(() => RegistryCodec.Decode(bytes));

        Assert.Contains("format 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_and_junk_is_a_registry_format_error()
    {
        byte[] bytes = RegistryCodec.Encode(Sample());
        for (int length = 0; length < bytes.Length; length++)
            Assert.Throws<RegistryFormatException>(() => RegistryCodec.Decode(bytes.AsMemory(0, length)));
        Assert.Throws<RegistryFormatException>(() => RegistryCodec.Decode("not a registry"u8.ToArray()));
    }
}
