using System.Globalization;
using System.Text;

namespace FastMesos.Messages;

/// <summary>
/// One agent attribute (<c>rack_id:r1</c>, <c>level:0.8</c>, <c>ports:[1-2]</c>, <c>zones:{a,b}</c>).
/// Attributes describe an agent to frameworks (constraints); they are never allocated.
/// Scalars keep the double that was written, because constraints compare them as text and numbers.
/// </summary>
public sealed record AgentAttribute
{
    public required string Name { get; init; }
    public required AttributeType Type { get; init; }
    public double Scalar { get; init; }
    public IReadOnlyList<ValueRange> Ranges { get; init; } = [];
    public IReadOnlyList<string> Set { get; init; } = [];
    public string Text { get; init; } = "";

    /// <summary>The value as Mesos prints it: <c>r1</c>, <c>0.8</c>, <c>[1-2]</c>, <c>{a,b}</c>.</summary>
    public string ValueText()
    {
        switch (Type)
        {
            case AttributeType.Scalar:
                return Scalar.ToString(CultureInfo.InvariantCulture);
            case AttributeType.Text:
                return Text;
            case AttributeType.Ranges:
                var sb = new StringBuilder("[");
                for (int i = 0; i < Ranges.Count; i++)
                {
                    if (i > 0)
                        sb.Append(", ");
                    sb.Append(Ranges[i].Begin).Append('-').Append(Ranges[i].End);
                }
                return sb.Append(']').ToString();
            default:
                return "{" + string.Join(",", Set) + "}";
        }
    }

    public override string ToString() => Name + ":" + ValueText();
}
