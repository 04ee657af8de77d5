using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/FastMesos.Benchmarks -- --filter '*'` (BenchmarkDotNet's own flags).
BenchmarkSwitcher.FromAssembly(typeof(FastMesos.Benchmarks.AllocationCycleBenchmarks).Assembly).Run(args);
