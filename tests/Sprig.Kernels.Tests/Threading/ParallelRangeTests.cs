using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Tests.Threading;

public class ParallelRangeTests
{
    [Fact]
    public void ANestedCallOfTheSameKernel_LeavesTheOuterCallWhole()
    {
        for (int round = 0; round < 100; round++)
        {
            var outer = new int[100];
            var inner = new int[64];
            ParallelRange<CountingKernel>.Run(new CountingKernel(outer, inner, nest: true), outer.Length, 1, 2, 1);
            Assert.All(outer, c => Assert.Equal(1, c));
            Assert.True(inner.All(c => c >= 1), "every nested call covers all its items");
        }
    }

    /// <summary>Counts each item; when <c>nest</c> is set, every chunk also runs a nested range over <c>inner</c>.</summary>
    private readonly struct CountingKernel(int[] counts, int[] inner, bool nest) : IRangeKernel
    {
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref counts[i]);
            }

            if (nest)
            {
                ParallelRange<CountingKernel>.Run(new CountingKernel(inner, inner, nest: false), inner.Length, 1, 2, 1);
            }
        }
    }
}
