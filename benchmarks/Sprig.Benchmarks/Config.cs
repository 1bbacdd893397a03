using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Sprig.Benchmarks;

/// <summary>Benchmark settings shared by the kernel benchmarks.</summary>
public class Config : ManualConfig
{
    /// <summary>The default: BenchmarkDotNet's standard job with allocation tracking.</summary>
    public Config()
    {
        AddJob(Job.Default);
        AddDiagnoser(MemoryDiagnoser.Default);
    }

    /// <summary>A quick job (3 warm-ups, 3 iterations) for a first look on this shared, noisy machine.</summary>
    public sealed class Short : ManualConfig
    {
        /// <summary>Creates the short configuration.</summary>
        public Short()
        {
            AddJob(Job.ShortRun);
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }
}
