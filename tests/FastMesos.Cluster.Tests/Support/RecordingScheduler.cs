using FastMesos.Messages;
using FastMesos.Scheduler;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Cluster.Tests.Support;

/// <summary>A framework that records every callback; tests poll the snapshots and react through the hooks.</summary>
internal sealed class RecordingScheduler : ISchedulerCallbacks
{
    private readonly object _gate = new();
    private readonly List<Offer> _offers = [];
    private readonly List<MesosTaskStatus> _updates = [];
    private readonly List<string> _errors = [];
    private readonly List<OfferId> _rescinded = [];
    private readonly List<FailureEvent> _failures = [];
    private readonly List<SubscribedEvent> _subscribed = [];

    /// <summary>Runs on the callback thread for every batch of offers (accept or decline there).</summary>
    public Action<SchedulerDriver, IReadOnlyList<Offer>>? OnOffers { get; set; }

    /// <summary>
    /// An <see cref="OnOffers"/> that launches one task, made by <paramref name="task"/> from the
    /// first offer, and declines every later offer for an hour, so nothing else lands on the agents.
    /// </summary>
    public static Action<SchedulerDriver, IReadOnlyList<Offer>> LaunchOnce(Func<Offer, TaskInfo> task)
    {
        bool launched = false;
        return (driver, offers) =>
        {
            foreach (Offer offer in offers)
            {
                if (launched)
                {
                    driver.Decline(offer.Id, 3600);
                    continue;
                }

                launched = true;
                driver.Launch(offer.Id, [task(offer)]);
            }
        };
    }

    public IReadOnlyList<Offer> AllOffers { get { lock (_gate) return [.. _offers]; } }

    public IReadOnlyList<MesosTaskStatus> Updates { get { lock (_gate) return [.. _updates]; } }

    public IReadOnlyList<string> Errors { get { lock (_gate) return [.. _errors]; } }

    public IReadOnlyList<OfferId> RescindedOffers { get { lock (_gate) return [.. _rescinded]; } }

    public IReadOnlyList<FailureEvent> Failures { get { lock (_gate) return [.. _failures]; } }

    public IReadOnlyList<SubscribedEvent> Subscriptions { get { lock (_gate) return [.. _subscribed]; } }

    /// <summary>The updates of one task, in arrival order.</summary>
    public List<MesosTaskStatus> UpdatesOf(string taskId)
    {
        var result = new List<MesosTaskStatus>();
        foreach (MesosTaskStatus status in Updates)
        {
            if (status.TaskId.Value == taskId)
                result.Add(status);
        }

        return result;
    }

    public bool HasState(string taskId, TaskState state) => UpdatesOf(taskId).Exists(s => s.State == state);

    /// <summary>Waits for an update of <paramref name="taskId"/> in <paramref name="state"/>.</summary>
    public Task<MesosTaskStatus> WaitFor(string taskId, TaskState state, TimeSpan? timeout = null) =>
        Eventually.First(() => Updates, s => s.TaskId.Value == taskId && s.State == state, $"{state} for task {taskId} (got: {Describe(taskId)})", timeout);

    /// <summary>Waits for the first terminal update of <paramref name="taskId"/>.</summary>
    public Task<MesosTaskStatus> WaitForTerminal(string taskId, TimeSpan? timeout = null) =>
        Eventually.First(() => Updates, s => s.TaskId.Value == taskId && s.State.IsTerminal(), $"a terminal update for task {taskId} (got: {Describe(taskId)})", timeout);

    /// <summary>Waits for the first terminal or UNREACHABLE update of <paramref name="taskId"/>.</summary>
    public Task<MesosTaskStatus> WaitForTerminalOrUnreachable(string taskId, TimeSpan? timeout = null) =>
        Eventually.First(() => Updates, s => s.TaskId.Value == taskId && (s.State.IsTerminal() || s.State == TaskState.Unreachable),
            $"a terminal or unreachable update for task {taskId} (got: {Describe(taskId)})", timeout);

    public string Describe(string taskId) => string.Join(", ", UpdatesOf(taskId).ConvertAll(s => $"{s.State} {s.Reason} '{s.Message}'"));

    public void Subscribed(SchedulerDriver driver, SubscribedEvent subscribed) => Record(_subscribed, subscribed);

    public void Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers)
    {
        lock (_gate)
            _offers.AddRange(offers);
        OnOffers?.Invoke(driver, offers);
    }

    public void Rescinded(SchedulerDriver driver, OfferId offerId) => Record(_rescinded, offerId);

    public void StatusUpdate(SchedulerDriver driver, MesosTaskStatus status) => Record(_updates, status);

    public void Failure(SchedulerDriver driver, FailureEvent failure) => Record(_failures, failure);

    public void Error(SchedulerDriver driver, string message) => Record(_errors, message);

    private void Record<T>(List<T> list, T item)
    {
        lock (_gate)
            list.Add(item);
    }
}
