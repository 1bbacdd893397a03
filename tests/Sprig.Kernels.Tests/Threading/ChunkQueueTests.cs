using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Tests.Threading;

public class ChunkQueueTests
{
    [Theory]
    [InlineData(16, 2)]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    [InlineData(3, 1)]
    [InlineData(2, 4)]
    public void EachPart_TakesItsOwnContiguousRunInOrder(int count, int parts)
    {
        var queue = new ChunkQueue();
        queue.Reset(count, parts);
        Assert.Equal(count, queue.Count);
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
    public void APartThatHasFinished_TakesTheOthersRunsFromTheirBack()
    {
        var queue = new ChunkQueue();
        queue.Reset(12, 3);
        var chunks = new List<int>();

        // Part 0 never shows up and part 2 has taken one chunk: part 1 finishes its run, then takes part 2's and part
        // 0's remaining chunks from their ends.
        Assert.True(queue.TryTake(2, out int first));
        Assert.Equal(8, first);
        while (queue.TryTake(1, out int chunk))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([4, 5, 6, 7, 11, 10, 9, 3, 2, 1, 0], chunks);
        Assert.False(queue.TryTake(0, out _));
        Assert.False(queue.TryTake(2, out _));
    }

    [Fact]
    public void OwnerAndHelper_MeetWithoutTakingAChunkTwice()
    {
        var queue = new ChunkQueue();
        queue.Reset(6, 2);
        Assert.True(queue.TryTake(1, out int a));
        Assert.True(queue.TryTake(0, out int b));
        Assert.True(queue.TryTake(1, out int c));
        Assert.True(queue.TryTake(0, out int d));
        Assert.Equal([3, 0, 4, 1], [a, b, c, d]);
        Assert.True(queue.TryTake(1, out int e));
        Assert.Equal(5, e);

        // Part 1 is done: it takes part 0's last chunk, and part 0 finds its run empty.
        Assert.True(queue.TryTake(1, out int f));
        Assert.Equal(2, f);
        Assert.False(queue.TryTake(0, out _));
    }

    [Fact]
    public void ThreadsRacing_TakeEveryChunkExactlyOnce()
    {
        var queue = new ChunkQueue();
        const int Threads = 4;
        for (int round = 0; round < 300; round++)
        {
            int count = round % 41;
            int parts = 1 + (round % Threads);
            queue.Reset(count, parts);
            var counts = new int[count];
            using var start = new Barrier(parts);
            Thread[] threads = Enumerable.Range(0, parts).Select(part => new Thread(() =>
            {
                start.SignalAndWait();
                while (queue.TryTake(part, out int chunk))
                {
                    Interlocked.Increment(ref counts[chunk]);
                }
            })).ToArray();
            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            Assert.All(counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void Reset_RejectsNoPartsAndNegativeCounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkQueue().Reset(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkQueue().Reset(-1, 2));
    }
}
