using FastMesos.Hosting;
using FastMesos.Master.Cli;

// Before any socket exists: the master's socket continuations run on the event threads.
InlineSocketCompletions.Prefer();

// SIGINT and SIGTERM stop the master cleanly; MasterCommand owns everything else.
using var signal = new ShutdownSignal();
return await MasterCommand.RunAsync(args, Console.Out, Console.Error, signal.Token);
