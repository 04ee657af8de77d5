using FastMesos.Hosting;
using FastMesos.Master.Cli;

// SIGINT and SIGTERM stop the master cleanly; MasterCommand owns everything else.
using var signal = new ShutdownSignal();
return await MasterCommand.RunAsync(args, Console.Out, Console.Error, signal.Token);
