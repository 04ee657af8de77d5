using System.Net;
using System.Text;
using System.Text.Json;
using FastMesos.Marathon;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>Marathon's REST API as the cluster tests call it: status, JSON body (default when none) and the response.</summary>
internal static class MarathonApi
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        MarathonHost marathon, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(marathon.Url, path));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        bool isJson = response.Content.Headers.ContentType?.MediaType == "application/json";
        JsonElement json = text.Length == 0 || !isJson ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }
}
