using System.Text.Json;

namespace FastMesos.Apps.Tests;

/// <summary>The <c>kind:"app"</c> definitions of /work/shared/examples/marathon-apps.json (copied into this test project's folder).</summary>
internal static class AppTestData
{
    public static IEnumerable<object[]> ExampleApps()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(ExamplesFile()));
        foreach (JsonElement e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("kind").GetString() == "app")
                yield return [e.GetProperty("source").GetString()!, e.GetProperty("definition").GetRawText()];
        }
    }

    // The file sits in the test project's folder; walk up from the output directory to find it
    // (bounded: the output is a few levels below the project).
    private static string ExamplesFile()
    {
        string? dir = AppContext.BaseDirectory;
        for (int i = 0; i < 10 && dir is not null; i++)
        {
            string candidate = Path.Combine(dir, "tests", "FastMesos.Apps.Tests", "marathon-apps.json");
            if (File.Exists(candidate))
                return candidate;
            candidate = Path.Combine(dir, "marathon-apps.json");
            if (File.Exists(candidate))
                return candidate;
            dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
        }
        throw new FileNotFoundException("marathon-apps.json not found above " + AppContext.BaseDirectory);
    }
}
