using System.Security.Cryptography;
using System.Text;
using FastMesos.Messages;

namespace FastMesos.Agent.Containers;

/// <summary>
/// Downloads a command's URIs into its sandbox before it runs, sequentially, like mesos-fetcher:
/// <c>http://</c> and <c>https://</c> through <see cref="HttpClient"/>, <c>file://</c> and absolute
/// paths by copying. Per URI: <c>output_file</c> names the result (relative to the sandbox),
/// <c>executable</c> sets mode 755 (and, as in Mesos, skips extraction), <c>extract</c> unpacks
/// .tar, .tar.gz/.tgz, .zip and .gz into the sandbox, and <c>cache</c> keeps a copy under
/// <paramref name="cacheDirectory"/> (when one is given) that later fetches of the same URI reuse.
/// Every failure is a <see cref="ContainerLaunchException"/> "Failed to fetch 'URI': why".
/// </summary>
/// <param name="httpClient">Used for http(s); null = one shared client without an overall timeout (the stall timeout bounds downloads).</param>
/// <param name="cacheDirectory">The fetcher cache (Mesos <c>--fetcher_cache_dir</c>); null = no cache.</param>
/// <param name="stallTimeout">Mesos <c>--fetcher_stall_timeout</c>: a download that receives nothing for this long fails; null = 1 minute.</param>
/// <param name="timeProvider">Clock of the stall timeout; null = the system clock.</param>
public sealed class Fetcher(HttpClient? httpClient = null, string? cacheDirectory = null, TimeSpan? stallTimeout = null, TimeProvider? timeProvider = null)
{
    static readonly Lazy<HttpClient> DefaultClient = new(() => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });

    readonly TimeSpan stall = stallTimeout ?? TimeSpan.FromMinutes(1);
    readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    HttpClient Http => httpClient ?? DefaultClient.Value;

    /// <summary>Fetches every URI in order; the first failure stops the fetch.</summary>
    public async Task FetchAsync(IReadOnlyList<CommandUri> uris, string sandboxDirectory, CancellationToken cancellationToken)
    {
        for (int i = 0; i < uris.Count; i++)
        {
            await FetchAsync(uris[i], sandboxDirectory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fetches one URI; returns the path of the fetched file inside the sandbox.</summary>
    public async Task<string> FetchAsync(CommandUri uri, string sandboxDirectory, CancellationToken cancellationToken)
    {
        try
        {
            string target = TargetPath(uri, sandboxDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (uri.Cache && cacheDirectory is not null)
            {
                string cached = Path.Join(cacheDirectory, CacheKey(uri.Value));
                if (!File.Exists(cached))
                {
                    Directory.CreateDirectory(cacheDirectory);
                    string partial = cached + ".part-" + Guid.NewGuid().ToString("N");
                    await DownloadAsync(uri.Value, partial, cancellationToken).ConfigureAwait(false);
                    File.Move(partial, cached, overwrite: true);
                }
                File.Copy(cached, target, overwrite: true);
            }
            else
            {
                await DownloadAsync(uri.Value, target, cancellationToken).ConfigureAwait(false);
            }
            if (uri.Executable && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            else if (uri.Extract)
            {
                await Archives.ExtractAsync(target, sandboxDirectory, cancellationToken).ConfigureAwait(false);
            }
            return target;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new ContainerLaunchException($"Failed to fetch '{uri.Value}': {e.Message}", e);
        }
    }

    /// <summary>output_file (relative, inside the sandbox) or the URI's last path segment.</summary>
    static string TargetPath(CommandUri uri, string sandboxDirectory)
    {
        string name;
        if (!string.IsNullOrEmpty(uri.OutputFile))
        {
            name = uri.OutputFile;
        }
        else
        {
            string path = TryParseUri(uri.Value) is { IsFile: false } u ? Uri.UnescapeDataString(u.AbsolutePath) : LocalPath(uri.Value);
            name = Path.GetFileName(path.TrimEnd('/'));
        }
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidDataException("cannot name the fetched file (no file name in the URI; set output_file)");
        }
        string root = Path.GetFullPath(sandboxDirectory);
        string full = Path.GetFullPath(Path.Join(root, name));
        if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"output file '{name}' is outside the sandbox");
        }
        return full;
    }

    async Task DownloadAsync(string value, string target, CancellationToken cancellationToken)
    {
        Uri? uri = TryParseUri(value);
        if (uri is not null && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            await DownloadHttpAsync(uri, target, cancellationToken).ConfigureAwait(false);
            return;
        }
        string source = LocalPath(value);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"no such file '{source}'");
        }
        if (Path.GetFullPath(source) != target)
        {
            File.Copy(source, target, overwrite: true);
        }
    }

    /// <summary>Streams the body to <paramref name="target"/>, failing when no byte arrives within the stall timeout.</summary>
    async Task DownloadHttpAsync(Uri uri, string target, CancellationToken cancellationToken)
    {
        using var stalled = new CancellationTokenSource(stall, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stalled.Token, cancellationToken);
        try
        {
            using HttpResponseMessage response = await Http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            await using Stream body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using FileStream file = File.Create(target);
            byte[] buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false)) > 0)
            {
                stalled.CancelAfter(stall);
                await file.WriteAsync(buffer.AsMemory(0, read), linked.Token).ConfigureAwait(false);
                await file.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the download stalled: nothing received for {stall}");
        }
    }

    /// <summary>file:// URIs and absolute paths name local files; anything else is not supported.</summary>
    static string LocalPath(string value)
    {
        if (value.StartsWith('/'))
        {
            return value;
        }
        if (TryParseUri(value) is { IsFile: true } uri)
        {
            return uri.LocalPath;
        }
        throw new NotSupportedException("unsupported URI (use http://, https://, file:// or an absolute path)");
    }

    static Uri? TryParseUri(string value) =>
        !value.StartsWith('/') && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) ? uri : null;

    /// <summary>The cache entry's name: a hash of the URI keeps any URI a safe file name.</summary>
    static string CacheKey(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
