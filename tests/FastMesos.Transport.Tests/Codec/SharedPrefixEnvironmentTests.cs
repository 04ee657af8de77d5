using System.Buffers;
using System.Collections;
using CsCheck;
using FastMesos.Messages;
using FastMesos.Transport.Codec;

namespace FastMesos.Transport.Tests.Codec;

/// <summary>
/// A command whose environment shares a prefix array with other commands (a Marathon app version's
/// variables) encodes to the same bytes as one holding a plain array, and every list sharing the
/// prefix (each with its own variables after it) keeps its own.
/// </summary>
public sealed class SharedPrefixEnvironmentTests
{
    private static readonly Gen<EnvironmentVariable[]> Variables =
        Gen.Select(Gens.Text, Gens.Text, (n, v) => new EnvironmentVariable(n, v)).Array[0, 5];

    [Fact]
    public void Commands_sharing_an_environment_prefix_encode_as_if_each_held_a_plain_array() =>
        Gen.Select(Gens.CommandInfo, Variables, Variables, Variables).Sample((command, shared, first, second) =>
        {
            foreach (EnvironmentVariable[] own in new[] { first, second, first })
            {
                CommandInfo withShared = command with { Environment = new SharedPrefixList(shared, own) };
                CommandInfo withArray = command with { Environment = [.. shared, .. own] };

                byte[] encoded = Encode(withShared);
                Assert.Equal(Encode(withArray), encoded);
                CommandInfo decoded = Decode(encoded);
                Assert.Equal<EnvironmentVariable>([.. shared, .. own], decoded.Environment);
            }
        });

    private static byte[] Encode(CommandInfo command) =>
        Payload.Build((ref MessagePack.MessagePackWriter writer) => CommandInfoFormatter.Instance.Write(ref writer, command));

    private static CommandInfo Decode(byte[] bytes)
    {
        var reader = new MessagePack.MessagePackReader(new ReadOnlySequence<byte>(bytes));
        return CommandInfoFormatter.Instance.Read(ref reader, StringPool.None);
    }

    private sealed class SharedPrefixList(EnvironmentVariable[] shared, EnvironmentVariable[] own) : ISharedPrefixList<EnvironmentVariable>
    {
        public EnvironmentVariable[] SharedPrefix => shared;

        public int Count => shared.Length + own.Length;

        public EnvironmentVariable this[int index] => index < shared.Length ? shared[index] : own[index - shared.Length];

        public IEnumerator<EnvironmentVariable> GetEnumerator() => shared.Concat(own).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
