using System.Globalization;

namespace FastMesos.Simulator.Allocation;

/// <summary>Parses scenario names such as <c>A-10k-1k-100</c> or <c>A-3k-3k-3k-quota</c> into specs.</summary>
public static class ScenarioCatalog
{
    public static AllocationScenarioSpec Parse(string name)
    {
        string[] parts = name.Split('-');
        if (parts.Length is < 4 or > 5 || parts[0] != "A" || (parts.Length == 5 && parts[4] != "quota"))
            throw new FormatException($"scenario '{name}' is not A-<agents>-<frameworks>-<roles>[-quota]");
        return new AllocationScenarioSpec
        {
            Agents = Count(parts[1]),
            Frameworks = Count(parts[2]),
            Roles = Count(parts[3]),
            Quota = parts.Length == 5,
        };
    }

    private static int Count(string text) =>
        text.EndsWith('k')
            ? int.Parse(text[..^1], CultureInfo.InvariantCulture) * 1000
            : int.Parse(text, CultureInfo.InvariantCulture);
}
