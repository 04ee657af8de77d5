using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Http;

/// <summary>Parses <c>embed</c> values: prefixes <c>apps.</c>, <c>app.</c> or none (<c>group.apps.</c> for groups); unknown values are ignored.</summary>
internal static class AppEmbedsParser
{
    public static AppEmbeds Parse(HttpContext ctx, AppEmbeds always = AppEmbeds.None, string extraPrefix = "")
    {
        AppEmbeds embeds = always;
        foreach (string? value in ctx.Request.Query["embed"])
        {
            if (value is null)
                continue;
            string name = value;
            if (extraPrefix.Length > 0 && name.StartsWith(extraPrefix, StringComparison.Ordinal))
                name = name[extraPrefix.Length..];
            else if (name.StartsWith("apps.", StringComparison.Ordinal))
                name = name[5..];
            else if (name.StartsWith("app.", StringComparison.Ordinal))
                name = name[4..];
            embeds |= name switch
            {
                "tasks" => AppEmbeds.Tasks,
                "lastTaskFailure" => AppEmbeds.LastTaskFailure,
                "failures" => AppEmbeds.Tasks | AppEmbeds.LastTaskFailure,
                "taskStats" => AppEmbeds.TaskStats,
                "readiness" => AppEmbeds.Readiness,
                _ => AppEmbeds.None,
            };
        }
        return embeds;
    }
}
