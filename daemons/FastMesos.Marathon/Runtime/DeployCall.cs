namespace FastMesos.Marathon.Runtime;

/// <summary>
/// A deploy call waiting for its batch (<c>MarathonRuntime.RunDeployAsync</c>): <see cref="Run"/>
/// runs it on the loop and never throws (it answers its caller either way); <see cref="Fail"/>
/// answers it with a failure without running it.
/// </summary>
internal readonly record struct DeployCall(Func<Task> Run, Action<Exception> Fail);
