using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Tests.Threading;

public class ChunkQueueTests
{
    [Theory]
    [InlineData(16, 2)]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    [InlineData(3, 1)]
    public void EachPart_TakesItsOwnContiguousRunInOrder(int count, int parts)
    {
        var queue = new ChunkQueue();
        queue.Reset(count, parts);
        var taken = new List<int>();
        for (int part = 0; part < parts; part++)
        {
            int first = count * part / parts;
            int end = count * (part + 1) / parts;
            for (int expected = first; expected < end; expected++)
            {
                Assert.True(queue.TryTake(part, out int chunk));
                Assert.Equal(expected, chunk);
                taken.Add(chunk);
            }
        }

        Assert.Equal(Enumerable.Range(0, count), taken);
        Assert.False(queue.TryTake(0, out _));
    }

    [Fact]
    public void APartThatHasFinished_TakesTheRestOfTheOthersRuns()
    {
        var queue = new ChunkQueue();
        queue.Reset(12, 3);
        Assert.True(queue.TryTake(1, out int own));
        Assert.Equal(4, own);

        // Part 0 never shows up: part 1 finishes its run, then takes part 2's and part 0's remaining chunks in order.
        var chunks = new List<int> { own };
        while (queue.TryTake(1, out int chunk))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3], chunks);
        Assert.False(queue.TryTake(0, out _));
        Assert.False(queue.TryTake(2, out _));
    }

    [Fact]
    public void ThreadsRacing_TakeEveryChunkExactlyOnce()
    {
        var queue = new ChunkQueue();
        for (int round = 0; round < 200; round++)
        {
            int count = 1 + (round % 37);
            int parts = 1 + (round % 4);
            queue.Reset(count, parts);
            var counts = new int[count];
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                while (queue.TryTake(part, out int chunk))
                {
                    Interlocked.Increment(ref counts[chunk]);
                }
            });
            Assert.All(counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void Reset_RejectsNoParts() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkQueue().Reset(4, 0));
}
