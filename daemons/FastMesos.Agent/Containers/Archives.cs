using System.Formats.Tar;
using System.IO.Compression;

namespace FastMesos.Agent.Containers;

/// <summary>
/// The fetcher's extraction, by file name as in mesos-fetcher: .tar, .tar.gz/.tgz and .zip unpack
/// into the destination (the archive stays beside them); a bare .gz decompresses to its name
/// without .gz; anything else is left as it is. The framework extractors refuse entries that would
/// land outside the destination.
/// </summary>
internal static class Archives
{
    public static async Task ExtractAsync(string file, string destination, CancellationToken cancellationToken)
    {
        string name = Path.GetFileName(file).ToLowerInvariant();
        if (name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal))
        {
            await using FileStream input = File.OpenRead(file);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await TarFile.ExtractToDirectoryAsync(gzip, destination, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
        }
        else if (name.EndsWith(".tar", StringComparison.Ordinal))
        {
            await TarFile.ExtractToDirectoryAsync(file, destination, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
        }
        else if (name.EndsWith(".zip", StringComparison.Ordinal))
        {
            await ZipFile.ExtractToDirectoryAsync(file, destination, overwriteFiles: true, cancellationToken).ConfigureAwait(false);
        }
        else if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            await using FileStream input = File.OpenRead(file);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using FileStream output = File.Create(file[..^3]);
            await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }
    }
}
