using System.Diagnostics;
using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Benchmarking;

/// <summary>Measures <see cref="Gemm"/> on this machine: warm-up, timed repeats, median.</summary>
public static class GemmBenchmark
{
    /// <summary>Each timed repeat runs the product back to back for at least this long.</summary>
    private static readonly TimeSpan s_minimumRepeatTime = TimeSpan.FromMilliseconds(50);

    /// <summary>Times <paramref name="gemmCase"/> on <paramref name="threads"/> threads; returns the median of <paramref name="repeats"/>.</summary>
    public static GemmMeasurement Measure(GemmCase gemmCase, int threads, int repeats)
    {
        ArgumentNullException.ThrowIfNull(gemmCase);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        int aColumns = gemmCase.TransA == Transpose.Yes ? gemmCase.M : gemmCase.K;
        int bColumns = gemmCase.TransB == Transpose.Yes ? gemmCase.K : gemmCase.N;
        float[] a = Filled((long)gemmCase.M * gemmCase.K, seed: 1);
        float[] b = Filled((long)gemmCase.K * gemmCase.N, seed: 2);
        var c = new float[(long)gemmCase.M * gemmCase.N];
        void Run() => Gemm.Multiply(
            gemmCase.TransA, gemmCase.TransB, gemmCase.M, gemmCase.N, gemmCase.K,
            a, aColumns, b, bColumns, c, gemmCase.N, accumulate: false, threads);

        // Warm-up also finds how many products fill one repeat.
        int iterations = 1;
        var clock = Stopwatch.StartNew();
        Run();
        while (clock.Elapsed < s_minimumRepeatTime)
        {
            Run();
            iterations++;
        }

        var seconds = new double[repeats];
        var cpuSeconds = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            TimeSpan cpuStart = Environment.CpuUsage.TotalTime;
            clock.Restart();
            for (int i = 0; i < iterations; i++)
            {
                Run();
            }

            seconds[r] = clock.Elapsed.TotalSeconds / iterations;
            cpuSeconds[r] = (Environment.CpuUsage.TotalTime - cpuStart).TotalSeconds / iterations;
        }

        return new GemmMeasurement(gemmCase, threads, repeats, Median(seconds), Median(cpuSeconds));
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int half = values.Length / 2;
        return values.Length % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
    }

    private static float[] Filled(long length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
