using CsCheck;

namespace FastMesos.Messages.Tests;

/// <summary>
/// Laws of the resource bag on random input: scalars with three decimals, disjoint port ranges,
/// set items, and roles from a small pool so that pools collide often.
/// </summary>
public class ResourcesPropertyTests
{
    private const long Iterations = 500;

    private static readonly (string Role, ReservationType Type, string? Principal)[] Pools =
    [
        (RoleName.Any, ReservationType.None, null),
        ("web", ReservationType.Static, null),
        ("eng/frontend", ReservationType.Static, null),
        ("web", ReservationType.Dynamic, "ops"),
        ("web", ReservationType.Dynamic, "alice"),
        ("eng/frontend", ReservationType.Dynamic, null),
    ];

    private static readonly string[] ScalarNames = ["cpus", "mem", "disk"];
    private static readonly string[] RangeNames = ["ports", "ephemeral_ports"];
    private static readonly string[] SetNames = ["disks", "gpu_ids"];

    /// <summary>One entry before it is placed: which side (a or b), which name, which pool, and its size.</summary>
    private readonly record struct Draw(bool InA, int Name, int Pool, long Amount, uint Gap, string Item);

    private static readonly Gen<Draw> DrawGen =
        Gen.Select(Gen.Bool, Gen.Int[0, 2], Gen.Int[0, Pools.Length - 1], Gen.Long[0, 100_000_000], Gen.UInt[0, 50],
            Gen.Char['a', 'z'].Array[1, 3].Select(static c => new string(c)),
            static (inA, name, pool, amount, gap, item) => new Draw(inA, name, pool, amount, gap, item));

    /// <summary>
    /// Two bags whose ranges and set items never overlap each other, so (a + b) - b gives back a
    /// exactly: a union followed by a difference only undoes itself on disjoint values.
    /// </summary>
    private static readonly Gen<(Resources A, Resources B)> Pair =
        Gen.Select(DrawGen.Array[0, 12], DrawGen.Array[0, 8], DrawGen.Array[0, 8], static (scalars, ranges, sets) =>
        {
            var a = new List<Resource>();
            var b = new List<Resource>();
            foreach (Draw d in scalars)
            {
                var (role, type, principal) = Pools[d.Pool];
                // Amount is in milli, so every value has at most three decimals.
                (d.InA ? a : b).Add(Resource.CreateScalar(ScalarNames[d.Name], new Scalar(d.Amount), role, type, principal));
            }
            // Ranges are laid end to end along one axis with random gaps, so all are disjoint.
            ulong next = 1;
            foreach (Draw d in ranges)
            {
                var (role, type, principal) = Pools[d.Pool];
                ulong begin = next + d.Gap;
                ulong end = begin + (ulong)(d.Amount % 1000);
                next = end + 1;
                (d.InA ? a : b).Add(Resource.CreateRanges(RangeNames[d.Name % RangeNames.Length], [new ValueRange(begin, end)], role, type, principal));
            }
            // The index suffix makes every item unique across both bags.
            for (int i = 0; i < sets.Length; i++)
            {
                Draw d = sets[i];
                var (role, type, principal) = Pools[d.Pool];
                string[] items = [d.Item + "-" + i, d.Item + "." + i];
                (d.InA ? a : b).Add(Resource.CreateSet(SetNames[d.Name % SetNames.Length], items, role, type, principal));
            }
            return (Resources.From(a), Resources.From(b));
        });

    [Fact]
    public void FromDistinct_of_a_normal_bag_is_the_same_bag_and_refuses_two_of_a_kind() =>
        Pair.Sample(p =>
        {
            Resource[] items = [.. p.A];
            Assert.Equal(p.A, Resources.FromDistinct(items));
            Assert.Equal(p.A.ToString(), Resources.FromDistinct([.. p.A]).ToString());
            if (items.Length > 0)
                Assert.Throws<ArgumentException>(() => Resources.FromDistinct([.. items, items[0]]));
        }, iter: Iterations, print: Print);

    [Fact]
    public void Plus_then_minus_gives_back_the_original() =>
        Pair.Sample(p => Assert.Equal(p.A, p.A + p.B - p.B), iter: Iterations, print: Print);

    [Fact]
    public void Sum_contains_each_part() =>
        Pair.Sample(p =>
        {
            Resources sum = p.A + p.B;
            Assert.True(sum.Contains(p.A));
            Assert.True(sum.Contains(p.B));
        }, iter: Iterations, print: Print);

    [Fact]
    public void Plus_is_commutative() =>
        Pair.Sample(p => Assert.Equal(p.A + p.B, p.B + p.A), iter: Iterations, print: Print);

    [Fact]
    public void Contains_is_reflexive() =>
        Pair.Sample(p => Assert.True(p.A.Contains(p.A)), iter: Iterations, print: Print);

    [Fact]
    public void Parse_of_print_is_equal() =>
        Pair.Sample(p =>
        {
            Resources back = Resources.Parse(p.A.ToString());
            Assert.Equal(p.A, back);
            Assert.Equal(p.A.ToString(), back.ToString());
        }, iter: Iterations, print: Print);

    [Fact]
    public void Minus_itself_is_empty() =>
        Pair.Sample(p =>
        {
            Assert.True((p.A - p.A).IsEmpty);
            Assert.True((p.A + p.B - (p.A + p.B)).IsEmpty);
        }, iter: Iterations, print: Print);

    private static string Print((Resources A, Resources B) p) => $"a = \"{p.A}\", b = \"{p.B}\"";
}
