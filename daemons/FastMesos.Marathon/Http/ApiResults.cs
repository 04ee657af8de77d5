using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FastMesos.Marathon.Http;

/// <summary>
/// Writes Marathon's response bodies (specs/marathon.md §1.2): <c>{"message": …}</c> errors, the
/// 422 validation shape, and JSON written straight into a pooled buffer with a
/// <see cref="Utf8JsonWriter"/>.
/// </summary>
internal static class ApiResults
{
    public static Task Message(HttpContext ctx, int status, string message) =>
        Json(ctx, status, message, static (w, m) =>
        {
            w.WriteStartObject();
            w.WriteString("message", m);
            w.WriteEndObject();
        });

    /// <summary>400 for a body that is not JSON: <c>{"message":"Invalid JSON","details":"…"}</c>.</summary>
    public static Task InvalidJson(HttpContext ctx, string details) =>
        Json(ctx, StatusCodes.Status400BadRequest, details, static (w, d) =>
        {
            w.WriteStartObject();
            w.WriteString("message", "Invalid JSON");
            w.WriteString("details", d);
            w.WriteEndObject();
        });

    /// <summary>422 <c>{"message":…,"details":[{"path":…,"errors":[…]}]}</c>, one entry per path.</summary>
    public static Task Invalid(HttpContext ctx, string message, IReadOnlyList<(string Path, IReadOnlyList<string> Errors)> details) =>
        Json(ctx, StatusCodes.Status422UnprocessableEntity, (message, details), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("message", s.message);
            w.WriteStartArray("details");
            foreach ((string path, IReadOnlyList<string> errors) in s.details)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteStartArray("errors");
                foreach (string error in errors)
                    w.WriteStringValue(error);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>Writes <paramref name="write"/>'s JSON with <paramref name="status"/>.</summary>
    public static Task Json<TState>(HttpContext ctx, int status, TState state, Action<Utf8JsonWriter, TState> write) =>
        Render(status, state, write).SendAsync(ctx);

    /// <summary>Renders <paramref name="write"/>'s JSON now, to send later (<see cref="RenderedJson"/>).</summary>
    public static RenderedJson Render<TState>(int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer, state);
        return new RenderedJson(status, buffer);
    }
}
