using System.Diagnostics;

namespace Sprig.Kernels.Threading;

/// <summary>
/// How long the kernel threads spin (pause instructions, never yielding) before they block, and when they stop
/// spinning. On this project's virtual machines a blocked thread takes tens of microseconds to wake, which is as long
/// as a small layer's whole kernel; a layer step of 100×300 at 95% sparsity ran slower on two threads than on one.
/// Spinning is stopped for <see cref="BackOffMilliseconds"/> when a join spin runs out although the caller's own part
/// was shorter than the spin: the worker's part is about as long, so it lost its core, which is what happens when the
/// machine has more runnable threads than cores. There spinning burns the time slices the other threads need.
/// </summary>
/// <remarks>
/// Measured with a sparse linear layer's step (value refresh, forward, both gradients) at batch 128 on two threads,
/// spinning and blocking alternated in blocks of 100 steps in one process, medians of 1,000 steps each: 100×300 at 95%
/// 46 → 27 µs (one thread: 32 µs), 300×784 at 95% 157 → 130 µs, 1024×1024 at 95% 451 → 417 µs and at 90%
/// 829 → 805 µs. While the host was slow for two threads the medians went 110 → 69 µs and 296 → 230 µs; in one such
/// run the slowest tenth of the small steps took 170 µs spinning against 69 µs blocking, the case the back-off is for.
/// </remarks>
internal static class WaitSpin
{
    /// <summary>How long a worker waits for the next part by spinning: kernels of one layer step follow each other within this.</summary>
    public const int PostMicroseconds = 20;

    /// <summary>How long a caller spins for a part the worker is running; a part is one chunk of a kernel.</summary>
    public const int JoinMicroseconds = 50;

    /// <summary><see cref="JoinMicroseconds"/> in <see cref="Stopwatch"/> ticks.</summary>
    public static long JoinTicks => Stopwatch.Frequency * JoinMicroseconds / 1_000_000;

    /// <summary>How long spinning stays off after a join spin ran out.</summary>
    public const int BackOffMilliseconds = 100;

    private static long s_backOffUntil;

    /// <summary>False while spinning is off after a join spin ran out.</summary>
    public static bool Enabled => Stopwatch.GetTimestamp() >= Volatile.Read(ref s_backOffUntil);

    /// <summary>Spins until <paramref name="isDone"/> holds (true) or <paramref name="microseconds"/> pass (false).</summary>
    public static bool Until<TState>(TState state, Func<TState, bool> isDone, int microseconds)
    {
        long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * microseconds / 1_000_000);
        while (!isDone(state))
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            Thread.SpinWait(8);
        }

        return true;
    }

    /// <summary>Turns spinning off for <see cref="BackOffMilliseconds"/>.</summary>
    public static void BackOff() =>
        Volatile.Write(ref s_backOffUntil, Stopwatch.GetTimestamp() + (Stopwatch.Frequency * BackOffMilliseconds / 1000));
}
