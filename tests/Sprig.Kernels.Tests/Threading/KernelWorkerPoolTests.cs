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
