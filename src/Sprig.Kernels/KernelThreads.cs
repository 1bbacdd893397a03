namespace Sprig.Kernels;

/// <summary>How many threads the kernels may use. Set once at start-up (the CLI's <c>--threads</c>).</summary>
public static class KernelThreads
{
    private static int s_count = Math.Max(1, Math.Min(Environment.ProcessorCount, 2));

    /// <summary>The number of threads kernels may split large work over (at least 1).</summary>
    public static int Count
    {
        get => s_count;
        set => s_count = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Thread count must be at least 1.");
    }
}
