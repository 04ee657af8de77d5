using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler.Tests;

/// <summary>Records every callback (and checks they never overlap); tests poll the snapshots.</summary>
internal sealed class RecordingScheduler : ISchedulerCallbacks
{
    private readonly object _gate = new();
    private readonly List<SubscribedEvent> _subscribed = [];
    private readonly List<Offer> _offers = [];
    private readonly List<MesosTaskStatus> _updates = [];
    private readonly List<string> _errors = [];
    private readonly List<string> _disconnects = [];
    private readonly List<OfferId> _rescinded = [];
    private readonly List<FailureEvent> _failures = [];
    private int _inside;

    /// <summary>Runs inside the Offers callback (e.g. to accept or decline on the callback thread).</summary>
    public Action<SchedulerDriver, IReadOnlyList<Offer>>? OnOffers { get; set; }

    public bool Overlapped { get; private set; }

    public IReadOnlyList<SubscribedEvent> Subscriptions { get { lock (_gate) return [.. _subscribed]; } }

    public IReadOnlyList<Offer> AllOffers { get { lock (_gate) return [.. _offers]; } }

    public IReadOnlyList<MesosTaskStatus> Updates { get { lock (_gate) return [.. _updates]; } }

    public IReadOnlyList<string> Errors { get { lock (_gate) return [.. _errors]; } }

    public IReadOnlyList<string> Disconnects { get { lock (_gate) return [.. _disconnects]; } }

    public IReadOnlyList<OfferId> RescindedOffers { get { lock (_gate) return [.. _rescinded]; } }

    public IReadOnlyList<FailureEvent> Failures { get { lock (_gate) return [.. _failures]; } }

    public void Subscribed(SchedulerDriver driver, SubscribedEvent subscribed) => Record(_subscribed, subscribed);

    public void Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        Enter();
        lock (_gate)
            _offers.AddRange(offers);
        OnOffers?.Invoke(driver, offers);
        Exit();
    }

    public void Rescinded(SchedulerDriver driver, OfferId offerId) => Record(_rescinded, offerId);

    public void StatusUpdate(SchedulerDriver driver, MesosTaskStatus status) => Record(_updates, status);

    public void Failure(SchedulerDriver driver, FailureEvent failure) => Record(_failures, failure);

    public void Error(SchedulerDriver driver, string message) => Record(_errors, message);

    public void Disconnected(SchedulerDriver driver, string reason) => Record(_disconnects, reason);

    private void Record<T>(List<T> list, T item)
    {
        Enter();
        lock (_gate)
            list.Add(item);
        Exit();
    }

    private void Enter()
    {
        if (Interlocked.Increment(ref _inside) != 1)
            Overlapped = true;
    }

    private void Exit() => Interlocked.Decrement(ref _inside);
}
