using FastMesos.Messages;
using MesosTaskStatus = FastMesos.Messages.TaskStatus;

namespace FastMesos.Scheduler;

/// <summary>
/// Runs one command as a task and reports how it ended (what <c>mesos-execute</c> does): subscribes
/// a fresh framework, takes the first offer that contains the requested resources, declines all
/// others, prints every status update, acknowledges it, and tears the framework down at the end.
/// </summary>
public static class SingleTaskRunner
{
    /// <summary>
    /// Runs the task. Returns 0 when it ends TASK_FINISHED and 1 when it ends any other way
    /// (failed, killed, lost, error, dropped, gone), when the master refuses the framework, or on
    /// timeout or cancellation (the task is killed first when it was launched).
    /// </summary>
    public static async Task<int> RunAsync(SingleTaskOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        Resources request = Resources.Parse(options.Resources);
        string taskId = options.TaskId ?? $"{options.Name}-{Guid.NewGuid().ToString("N")[..12]}";
        var run = new Run(options, output, request, new TaskId(taskId));
        var driverOptions = new SchedulerDriverOptions
        {
            Master = options.Master,
            MasterLocator = options.MasterLocator,
            Framework = new FrameworkInfo
            {
                User = options.User,
                Name = options.FrameworkName,
                Roles = options.Role is null ? [] : [options.Role],
            },
            ImplicitAcknowledgements = false,
            Transport = options.Transport,
            AuthToken = options.AuthToken,
            Log = options.Log,
        };

        await using var driver = new SchedulerDriver(driverOptions, run);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            timeout.CancelAfter(options.Timeout);
        driver.Start();
        int code;
        try
        {
            code = await run.Result.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine(cancellationToken.IsCancellationRequested
                ? $"Cancelled; task '{taskId}' did not finish"
                : $"Timed out after {options.Timeout.TotalSeconds:0.###} s waiting for task '{taskId}'");
            if (run.Launched)
                driver.Kill(run.TaskId, run.AgentId);
            code = 1;
        }

        if (driver.State == SchedulerDriverState.Running)
            await driver.StopAsync(failover: false).ConfigureAwait(false);
        return code;
    }

    /// <summary>The callbacks of one run; they run on the driver's callback thread, one at a time.</summary>
    private sealed class Run(SingleTaskOptions options, TextWriter output, Resources request, TaskId taskId) : ISchedulerCallbacks
    {
        private readonly TaskCompletionSource<int> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _launched;

        public Task<int> Result => _result.Task;

        public bool Launched => _launched;

        public TaskId TaskId => taskId;

        public AgentId? AgentId { get; private set; }

        public void Subscribed(SchedulerDriver driver, SubscribedEvent subscribed) =>
            output.WriteLine($"Subscribed with ID {subscribed.FrameworkId.Value}");

        public void Offers(SchedulerDriver driver, IReadOnlyList<Offer> offers)
        {
            List<OfferId>? decline = null;
            foreach (Offer offer in offers)
            {
                if (!_launched && offer.Resources.Contains(request))
                {
                    Launch(driver, offer);
                    continue;
                }

                (decline ??= []).Add(offer.Id);
            }

            if (decline is not null)
                driver.Decline(decline, options.DeclineRefuseSeconds);
        }

        public void StatusUpdate(SchedulerDriver driver, MesosTaskStatus status)
        {
            output.WriteLine($"Received status update {status.State.WireName()} for task '{status.TaskId.Value}'");
            if (!string.IsNullOrEmpty(status.Message))
                output.WriteLine($"  message: '{status.Message}'");
            if (status.Reason is { } reason)
                output.WriteLine($"  reason: {reason}");
            driver.Acknowledge(status);
            if (status.TaskId == taskId && status.State.IsTerminal())
                _result.TrySetResult(status.State == TaskState.Finished ? 0 : 1);
        }

        public void Error(SchedulerDriver driver, string message)
        {
            output.WriteLine($"Error: {message}");
            if (driver.State == SchedulerDriverState.Aborted)
                _result.TrySetResult(1);
        }

        public void Disconnected(SchedulerDriver driver, string reason)
        {
            // Once the task ended the runner tears the framework down, and the master's close is expected.
            if (driver.State == SchedulerDriverState.Running && !_result.Task.IsCompleted)
                output.WriteLine($"Disconnected from the master ({reason}); reconnecting");
        }

        private void Launch(SchedulerDriver driver, Offer offer)
        {
            var task = new TaskInfo
            {
                Name = options.Name,
                TaskId = taskId,
                AgentId = offer.AgentId,
                Resources = request,
                Command = new CommandInfo
                {
                    Value = options.Command,
                    Shell = true,
                    Environment = options.Environment,
                    Uris = options.Uris,
                },
            };
            if (!driver.Launch(offer.Id, [task], new Filters(options.DeclineRefuseSeconds)))
                return;
            _launched = true;
            AgentId = offer.AgentId;
            output.WriteLine($"Submitted task '{taskId.Value}' to agent '{offer.AgentId.Value}'");
            // One task only: no more offers are wanted.
            driver.Suppress();
        }
    }
}
