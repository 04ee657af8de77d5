namespace FastMesos.Hosting.Tests;

/// <summary>
/// The test assembly's entry point. The test runner never calls it; the signal tests start this
/// assembly as a child process (<c>signal-child</c>) to receive real SIGTERM and SIGINT.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "signal-child")
            return SignalChild(stayAfterFirst: args[1] == "stay");
        return 0;
    }

    // Prints "ready", waits for the first signal, prints its name. With "stay" it keeps running,
    // so the test can check that the second signal terminates it.
    private static int SignalChild(bool stayAfterFirst)
    {
        // A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored
        // across fork and exec (the runtime then leaves it alone, as a daemon started with `&`
        // should). CI may run the tests that way; this child stands for a daemon started in the
        // foreground, so it restores the default disposition before registering.
        _ = Signal(SigInt, SigDfl);
        using var shutdown = new ShutdownSignal();
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        if (!shutdown.WhenRequested.Wait(TimeSpan.FromSeconds(60)))
            return 2;
        Console.Out.WriteLine("shutdown " + shutdown.SignalName);
        Console.Out.Flush();
        if (stayAfterFirst)
            Thread.Sleep(TimeSpan.FromSeconds(60)); // the test's second signal ends this process
        return stayAfterFirst ? 3 : 0;
    }

    private const int SigInt = 2;
    private static readonly nint SigDfl = 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "signal")]
    private static extern nint Signal(int signal, nint handler);
}
