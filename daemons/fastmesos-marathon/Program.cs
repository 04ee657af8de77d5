using FastMesos.Hosting;
using FastMesos.Marathon.Cli;

// SIGINT and SIGTERM stop Marathon cleanly; MarathonCommand owns everything else.
using var signal = new ShutdownSignal();
return await MarathonCommand.RunAsync(args, Console.Out, Console.Error, signal.Token);
