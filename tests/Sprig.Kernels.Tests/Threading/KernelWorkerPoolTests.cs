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
        // The worker's part sleeps past the caller's spin, so the caller blocks (and spinning backs off) when the
        // worker took its part, or runs the part itself when it did not.
        var item = new SleepingItem();
        for (int round = 1; round <= 5; round++)
        {
            KernelWorkerPool.Shared.Run(item, 2);
            Assert.Equal(round, item.Counts[0]);
            Assert.Equal(round, item.Counts[1]);
        }
    }

    private sealed class SleepingItem : IKernelWorkItem
    {
        public int[] Counts { get; } = new int[2];

        public void Execute(int part)
        {
            if (part == 1)
            {
                Thread.Sleep(2 * WaitSpin.JoinMicroseconds / 1000 + 1);
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
