using FastMesos.Agent.Cli;
using FastMesos.Hosting;

// SIGINT and SIGTERM stop the agent cleanly (its tasks keep running); AgentCommand owns the rest.
using var signal = new ShutdownSignal();
return await AgentCommand.RunAsync(args, Console.Out, Console.Error, signal.Token);
