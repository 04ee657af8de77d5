using FastMesos.Cli;
using FastMesos.Hosting;

// `master` alone runs its socket continuations on the event threads; `local` also hosts agents and
// Marathon, whose continuations may block, so it keeps the default. Must precede the first socket.
if (args.Length > 0 && args[0] == "master")
    InlineSocketCompletions.Prefer();

// SIGINT and SIGTERM cancel the token: `local`, `master` and `agent` stop cleanly, `execute` kills its task.
using var signal = new ShutdownSignal();
return await CliCommands.RunAsync(args, Console.Out, Console.Error, signal.Token);
