using System.Diagnostics;

namespace Sprig.Kernels.Threading;

/// <summary>
/// How long the kernel threads spin (pause instructions, never yielding) before they block, and when they stop
/// spinning. On this project's virtual machines a blocked thread takes tens of microseconds to wake, which is as long
/// as a small layer's whole kernel; a layer step of 100×300 at 95% sparsity ran slower on two threads than on one.
/// Spinning is stopped for <see cref="BackOffMilliseconds"/> when join spins run out in a burst although the caller's
/// own parts were shorter than the spin: the worker's parts are about as long, so it keeps losing its core, which is
/// what happens when the machine has more runnable threads than cores. There spinning burns the time slices the other
/// threads need. Single time-outs are no such sign: a 1024² layer step at 99%, 15,000 steps on an otherwise idle VM,
/// saw 16–31 of them, and beside two or three busy processes 3–48. Backing off at each one (as at first) turned spinning
/// off 7–12 times in such a run, and each 100 ms without it made the step 32% slower (120 → 158 µs).
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

    /// <summary>How long spinning stays off after join spins ran out.</summary>
    public const int BackOffMilliseconds = 100;

    /// <summary>Join spins that must run out within <see cref="TimeoutWindowMilliseconds"/> to turn spinning off.</summary>
    public const int TimeoutsToBackOff = 3;

    /// <summary>The window for <see cref="TimeoutsToBackOff"/>.</summary>
    public const int TimeoutWindowMilliseconds = 10;

    // The time stamps of the last TimeoutsToBackOff − 1 time-outs, oldest first from the next slot on.
    private static readonly long[] s_recentTimeouts = new long[TimeoutsToBackOff - 1];
    private static int s_timeouts;
    private static long s_backOffUntil;

    /// <summary>False while spinning is off after a burst of join time-outs (<see cref="JoinTimedOut()"/>).</summary>
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

    /// <summary>
    /// Records a join spin that ran out after a short caller part, and turns spinning off when it is the
    /// <see cref="TimeoutsToBackOff"/>-th within <see cref="TimeoutWindowMilliseconds"/>. A single one is no evidence of
    /// too many threads: the host pauses a virtual core now and then. Callers on several threads may race here; a
    /// lost record only delays the back-off.
    /// </summary>
    public static void JoinTimedOut() => JoinTimedOut(Stopwatch.GetTimestamp());

    /// <summary>As <see cref="JoinTimedOut()"/>, at time stamp <paramref name="now"/> (tests).</summary>
    internal static void JoinTimedOut(long now)
    {
        int slot = (int)((uint)Interlocked.Increment(ref s_timeouts) % (TimeoutsToBackOff - 1));
        long oldest = Volatile.Read(ref s_recentTimeouts[slot]);
        Volatile.Write(ref s_recentTimeouts[slot], now);
        if (CompletesBurst(oldest, now))
        {
            BackOff();
        }
    }

    /// <summary>
    /// Whether a time-out at <paramref name="now"/> completes a burst, given the time stamp of the time-out
    /// <see cref="TimeoutsToBackOff"/> − 1 before it (0: none yet).
    /// </summary>
    public static bool CompletesBurst(long oldest, long now) =>
        oldest != 0 && now - oldest < Stopwatch.Frequency * TimeoutWindowMilliseconds / 1000;

    /// <summary>Turns spinning off for <see cref="BackOffMilliseconds"/>.</summary>
    public static void BackOff() =>
        Volatile.Write(ref s_backOffUntil, Stopwatch.GetTimestamp() + (Stopwatch.Frequency * BackOffMilliseconds / 1000));
}
