using FastMesos.Agent.Cli;
using FastMesos.Cli.Commands;
using FastMesos.Marathon.Cli;
using FastMesos.Master.Cli;

namespace FastMesos.Cli;

/// <summary>The subcommands of the <c>fastmesos</c> executable; the <c>./fastmesos</c> script adds <c>sim</c> and <c>build</c>.</summary>
public static class CliCommands
{
    /// <summary>
    /// The commands <see cref="RunAsync"/> runs. The <c>./fastmesos</c> script dispatches exactly these
    /// to this executable (LauncherTests runs each through it: the script once lacked <c>marathon</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> Commands = ["local", "master", "agent", "marathon", "execute"];

    public const string Usage = """
        usage: fastmesos <command> [flags]

        commands:
          local      a master, N agents and Marathon in one process: the single-machine cluster
                       fastmesos local [--agents=3] [--port=5050] [--marathon_port=8080] [--work_dir=DIR]
          master     the master (as fastmesos-master)      fastmesos master --port=5050
          agent      an agent (as fastmesos-agent)         fastmesos agent --master=127.0.0.1:5050
          marathon   Marathon (as fastmesos-marathon)      fastmesos marathon --master=127.0.0.1:5050 --http_port=8080
          execute    run one command as a task, print its status updates, exit 0 on TASK_FINISHED
                       fastmesos execute --master=127.0.0.1:5050 --name=hello --command='echo hi'
          help       show this text

        Every command takes --help for its flags (Mesos' names and defaults).
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string command = args.Count == 0 ? "help" : args[0];
        string[] rest = args.Skip(1).ToArray();
        switch (command)
        {
            case "local":
                return await LocalCommand.RunAsync(rest, stdout, stderr, stop).ConfigureAwait(false);
            case "master":
                return await MasterCommand.RunAsync(rest, stdout, stderr, stop).ConfigureAwait(false);
            case "agent":
                return await AgentCommand.RunAsync(rest, stdout, stderr, stop).ConfigureAwait(false);
            case "marathon":
                return await MarathonCommand.RunAsync(rest, stdout, stderr, stop).ConfigureAwait(false);
            case "execute":
                return await ExecuteCommand.RunAsync(rest, stdout, stderr, stop).ConfigureAwait(false);
            case "help" or "--help" or "-h":
                await stdout.WriteAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                await stderr.WriteLineAsync($"fastmesos: unknown command '{command}'").ConfigureAwait(false);
                await stderr.WriteAsync(Usage).ConfigureAwait(false);
                return 2;
        }
    }
}
