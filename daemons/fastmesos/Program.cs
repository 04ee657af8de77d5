using FastMesos.Cli;
using FastMesos.Hosting;

// SIGINT and SIGTERM cancel the token: `local`, `master` and `agent` stop cleanly, `execute` kills its task.
using var signal = new ShutdownSignal();
return await CliCommands.RunAsync(args, Console.Out, Console.Error, signal.Token);
