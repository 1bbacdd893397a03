namespace Sprig.Kernels.Benchmarking;

/// <summary>The measured speed of one GEMM shape on a given number of threads.</summary>
/// <param name="Case">The shape measured.</param>
/// <param name="Threads">Threads the product was allowed to use.</param>
/// <param name="Repeats">Timed repeats the median is taken over.</param>
/// <param name="MedianSeconds">Median wall time of one product.</param>
/// <param name="MedianCpuSeconds">Median processor time (all threads of the process) of one product.</param>
public sealed record GemmMeasurement(GemmCase Case, int Threads, int Repeats, double MedianSeconds, double MedianCpuSeconds)
{
    /// <summary>Achieved GFLOP/s at the median time.</summary>
    public double Gflops => Case.Flops / MedianSeconds / 1e9;

    /// <summary>
    /// GFLOP per second of processor time: the speed per busy core, which other processes on a shared machine
    /// disturb much less than wall time. On an idle machine <see cref="Gflops"/> ≈ this × the threads that were busy.
    /// </summary>
    public double CpuGflops => Case.Flops / MedianCpuSeconds / 1e9;

    /// <summary>
    /// <see cref="Gflops"/> as a fraction of this machine's FMA peak for <see cref="Threads"/> threads
    /// (<see cref="FmaPeak.GflopsPerThread"/> each, measured).
    /// </summary>
    public double PeakFraction => Gflops / (FmaPeak.GflopsPerThread * Threads);
}
