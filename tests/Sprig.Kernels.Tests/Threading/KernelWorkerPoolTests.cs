using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Tests.Threading;

public class KernelWorkerPoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_ExecutesEveryPartExactlyOnce(int parts)
    {
        var item = new CountingItem(parts);
        for (int round = 1; round <= 2000; round++)
        {
            KernelWorkerPool.Shared.Run(item, parts);
            for (int part = 0; part < parts; part++)
            {
                Assert.Equal(round, item.Counts[part]);
            }
        }
    }

    [Fact]
    public void Run_RethrowsWhatAPartThrew()
    {
        var item = new ThrowingItem();
        Assert.Throws<InvalidOperationException>(() => KernelWorkerPool.Shared.Run(item, 2));

        // The pool is usable afterwards.
        var counting = new CountingItem(2);
        KernelWorkerPool.Shared.Run(counting, 2);
        Assert.Equal([1, 1], counting.Counts);
    }

    [Fact]
    public void Run_WaitsForAPartThatOutlastsTheJoinSpin()
    {
        // Part 1 sleeps 1 ms, twenty times the join spin, after an instant part 0: when the worker took it, the caller
        // spins, then blocks; otherwise the caller runs it itself. (Whether spinning then backs off depends on how the
        // test threads are scheduled, so it is not asserted.)
        var item = new SleepingItem();
        for (int round = 1; round <= 5; round++)
        {
            KernelWorkerPool.Shared.Run(item, 2);
            Assert.Equal(round, item.Counts[0]);
            Assert.Equal(round, item.Counts[1]);
        }
    }

    [Fact]
    public async Task Run_ManyShortRounds_WhileSpinningTurnsOffAndOn_RunEveryPartOnce()
    {
        // Covers the worker that takes a post while spinning (without waiting on its event), the blocking path during
        // the back-off, and the switch between them; a lost wake-up would hang, which the time limit turns into a
        // failure (TimeoutException).
        var item = new CountingItem(3);
        var run = Task.Run(() =>
        {
            WaitSpin.BackOff();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int rounds = 0;
            while (clock.ElapsedMilliseconds < 3 * WaitSpin.BackOffMilliseconds)
            {
                KernelWorkerPool.Shared.Run(item, 3);
                rounds++;
                if (rounds % 1000 == 0)
                {
                    Thread.Sleep(1);
                }
            }

            return rounds;
        });

        int rounds = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(item.Counts, count => Assert.Equal(rounds, count));
    }

    private sealed class SleepingItem : IKernelWorkItem
    {
        public int[] Counts { get; } = new int[2];

        public void Execute(int part)
        {
            if (part == 1)
            {
                Thread.Sleep(1);
            }

            Interlocked.Increment(ref Counts[part]);
        }
    }

    private sealed class CountingItem(int parts) : IKernelWorkItem
    {
        public int[] Counts { get; } = new int[parts];

        public void Execute(int part) => Interlocked.Increment(ref Counts[part]);
    }

    private sealed class ThrowingItem : IKernelWorkItem
    {
        public void Execute(int part) => throw new InvalidOperationException($"part {part}");
    }
}
