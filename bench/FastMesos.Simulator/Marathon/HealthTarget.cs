using FastMesos.Simulator.Wire;

namespace FastMesos.Simulator.Marathon;

/// <summary>
/// The health benchmark's probe target: a <see cref="HealthTargetServer"/> in a child process
/// (<c>sim health-target</c>; the default, so the measured process only pays for probing) or in
/// this process (tests, where no simulator executable is at hand).
/// </summary>
internal sealed class HealthTarget : IDisposable
{
    private readonly HealthTargetServer? _inProcess;
    private readonly ClientProcess? _child;

    private HealthTarget(int[] ports, HealthTargetServer? inProcess, ClientProcess? child)
    {
        Ports = ports;
        _inProcess = inProcess;
        _child = child;
    }

    public int[] Ports { get; }

    /// <summary>Requests answered; null when the server runs in a child process.</summary>
    public long? Served => _inProcess?.Served;

    public static async Task<HealthTarget> StartAsync(bool inProcess, int ports)
    {
        if (inProcess)
        {
            var server = new HealthTargetServer(ports);
            return new HealthTarget(server.Ports, server, null);
        }
        var child = ClientProcess.Start("health-target", ["--ports", ports.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        try
        {
            string line = await child.ReadLineAsync("its ports", TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (!line.StartsWith("ports ", StringComparison.Ordinal))
                throw new InvalidOperationException($"the health target printed '{line}' instead of its ports");
            string[] parts = line[6..].Split(',');
            int[] parsed = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                parsed[i] = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
            return new HealthTarget(parsed, null, child);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>The agents' resources: the target's ports as single-port ranges, so every task's host port is served.</summary>
    public string PortsResource()
    {
        var text = new System.Text.StringBuilder("ports:[");
        for (int i = 0; i < Ports.Length; i++)
            text.Append(i == 0 ? "" : ",").Append(Ports[i]).Append('-').Append(Ports[i]);
        return text.Append(']').ToString();
    }

    public void Dispose()
    {
        _inProcess?.Dispose();
        _child?.Dispose();
    }
}
