using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using FastMesos.Agent.Containers;
using FastMesos.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FastMesos.Agent.Tests.Containers;

/// <summary>The fetcher against real files and a real HTTP server on loopback.</summary>
public sealed class FetcherTests : IDisposable
{
    readonly string root = Path.Join(Path.GetTempPath(), "fm-fetcher-" + Guid.NewGuid().ToString("N")[..12]);
    readonly string sources;
    readonly string sandbox;

    public FetcherTests()
    {
        sources = Directory.CreateDirectory(Path.Join(root, "sources")).FullName;
        sandbox = Directory.CreateDirectory(Path.Join(root, "sandbox")).FullName;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_file_uri_to_a_tgz_is_copied_and_extracted_into_the_sandbox()
    {
        string archive = MakeTarGz("app.tgz", ("bin/run.sh", "echo run"), ("conf/app.conf", "x=1"));

        await new Fetcher().FetchAsync([new CommandUri("file://" + archive)], sandbox, CancellationToken.None);

        Assert.True(File.Exists(Path.Join(sandbox, "app.tgz")));
        Assert.Equal("echo run", File.ReadAllText(Path.Join(sandbox, "bin", "run.sh")));
        Assert.Equal("x=1", File.ReadAllText(Path.Join(sandbox, "conf", "app.conf")));
    }

    [Fact]
    public async Task A_plain_path_to_a_zip_is_extracted_and_extract_false_keeps_it_packed()
    {
        string zip = Path.Join(sources, "bundle.zip");
        using (ZipArchive z = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var w = new StreamWriter(z.CreateEntry("data/readme.txt").Open());
            w.Write("zipped");
        }
        string other = Path.Join(sources, "other.zip");
        File.Copy(zip, other);

        var fetcher = new Fetcher();
        await fetcher.FetchAsync([new CommandUri(zip), new CommandUri(other, Extract: false, OutputFile: "kept/other.zip")], sandbox, CancellationToken.None);

        Assert.Equal("zipped", File.ReadAllText(Path.Join(sandbox, "data", "readme.txt")));
        Assert.True(File.Exists(Path.Join(sandbox, "kept", "other.zip")));
        Assert.Equal(3, Directory.GetFileSystemEntries(sandbox).Length); // bundle.zip, data, kept: no second extraction
    }

    [Fact]
    public async Task Executable_sets_the_execute_bits()
    {
        string script = Path.Join(sources, "tool.sh");
        File.WriteAllText(script, "#!/bin/sh\necho tool\n");

        string fetched = await new Fetcher().FetchAsync(new CommandUri("file://" + script, Executable: true), sandbox, CancellationToken.None);

        Assert.Equal(Path.Join(sandbox, "tool.sh"), fetched);
        UnixFileMode mode = File.GetUnixFileMode(fetched);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute) && mode.HasFlag(UnixFileMode.OtherExecute), mode.ToString());
    }

    [Fact]
    public async Task Http_uris_download_with_output_file_and_a_missing_one_fails_the_fetch()
    {
        await using WebApplication server = await StartServerAsync();
        string baseUrl = BaseUrl(server);
        var fetcher = new Fetcher(new HttpClient());

        await fetcher.FetchAsync([new CommandUri(baseUrl + "/artifacts/hello.txt", OutputFile: "greeting.txt")], sandbox, CancellationToken.None);
        await fetcher.FetchAsync([new CommandUri(baseUrl + "/artifacts/app.tar.gz")], sandbox, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => fetcher.FetchAsync([new CommandUri(baseUrl + "/missing.bin")], sandbox, CancellationToken.None));

        Assert.Equal("hello over http", File.ReadAllText(Path.Join(sandbox, "greeting.txt")));
        Assert.Equal("served", File.ReadAllText(Path.Join(sandbox, "served.txt")));
        Assert.Equal($"Failed to fetch '{baseUrl}/missing.bin': HTTP 404 Not Found", e.Message);
    }

    [Fact]
    public async Task A_download_that_stalls_fails_after_the_stall_timeout()
    {
        await using WebApplication server = await StartServerAsync();
        var clock = new FakeTimeProvider();
        var fetcher = new Fetcher(new HttpClient(), stallTimeout: TimeSpan.FromSeconds(60), timeProvider: clock);
        string url = BaseUrl(server) + "/artifacts/stalls.bin";
        string partial = Path.Join(sandbox, "stalls.bin");

        Task fetch = fetcher.FetchAsync(new CommandUri(url), sandbox, CancellationToken.None);
        await Eventually.Until(() => File.Exists(partial) && new FileInfo(partial).Length > 0, "the first bytes of the stalling download");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(fetch.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => fetch);
        Assert.Equal($"Failed to fetch '{url}': the download stalled: nothing received for 00:01:00", e.Message);
    }

    [Fact]
    public async Task A_cached_uri_is_served_from_the_cache_once_the_source_is_gone()
    {
        string source = Path.Join(sources, "cached.txt");
        File.WriteAllText(source, "v1");
        var fetcher = new Fetcher(cacheDirectory: Path.Join(root, "cache"));
        var uri = new CommandUri(source, Cache: true);

        await fetcher.FetchAsync(uri, sandbox, CancellationToken.None);
        File.Delete(source);
        string second = Directory.CreateDirectory(Path.Join(root, "sandbox2")).FullName;
        await fetcher.FetchAsync(uri, second, CancellationToken.None);

        Assert.Equal("v1", File.ReadAllText(Path.Join(second, "cached.txt")));
        Assert.Single(Directory.GetFiles(Path.Join(root, "cache")));
    }

    [Theory]
    [InlineData("/no/such/file.tgz", "no such file")]
    [InlineData("ftp://example.invalid/x.tgz", "unsupported URI")]
    [InlineData("relative/path.tgz", "unsupported URI")]
    public async Task Bad_uris_fail_with_the_uri_named(string value, string why)
    {
        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => new Fetcher().FetchAsync(new CommandUri(value), sandbox, CancellationToken.None));

        Assert.StartsWith($"Failed to fetch '{value}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_output_file_outside_the_sandbox_is_refused()
    {
        string source = Path.Join(sources, "a.txt");
        File.WriteAllText(source, "a");

        var e = await Assert.ThrowsAsync<ContainerLaunchException>(() => new Fetcher().FetchAsync(new CommandUri(source, OutputFile: "../escaped.txt"), sandbox, CancellationToken.None));

        Assert.Contains("outside the sandbox", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(root, "escaped.txt")));
    }

    static string BaseUrl(WebApplication server) =>
        server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    string MakeTarGz(string name, params (string Path, string Content)[] files)
    {
        string path = Path.Join(sources, name);
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var (entryPath, content) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, entryPath) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
            tar.WriteEntry(entry);
        }
        return path;
    }

    async Task<WebApplication> StartServerAsync()
    {
        byte[] tgz = File.ReadAllBytes(MakeTarGz("served.tgz", ("served.txt", "served")));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapGet("/artifacts/hello.txt", () => Results.Text("hello over http"));
        app.MapGet("/artifacts/app.tar.gz", () => Results.Bytes(tgz, "application/gzip"));
        app.MapGet("/artifacts/stalls.bin", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            // Sends nothing more until the client gives up.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await app.StartAsync();
        return app;
    }
}
