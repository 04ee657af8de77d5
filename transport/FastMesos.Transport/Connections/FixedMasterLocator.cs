using System.Net;

namespace FastMesos.Transport.Connections;

/// <summary>A master at one address (<c>--master=host:port</c>): always known, never changes.</summary>
public sealed class FixedMasterLocator : IMasterLocator
{
    public FixedMasterLocator(EndPoint master)
    {
        Master = master ?? throw new ArgumentNullException(nameof(master));
    }

    public EndPoint Master { get; }

    public EndPoint? Current => Master;

    /// <summary>Never raised: the address is fixed.</summary>
    public event Action? Changed
    {
        add { }
        remove { }
    }

    public ValueTask<EndPoint> WaitForMasterAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<EndPoint>(cancellationToken) : new(Master);

    public override string ToString() => Master.ToString() ?? "";
}
