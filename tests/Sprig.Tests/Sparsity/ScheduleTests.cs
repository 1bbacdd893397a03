using Sprig.Sparsity.Schedules;

namespace Sprig.Tests.Sparsity;

public sealed class ScheduleTests
{
    [Fact]
    public void CubicScheduleFollowsZhuAndGupta()
    {
        var s = new CubicSchedule(start: 100, end: 500, frequency: 50, initialSparsity: 0, finalSparsity: 0.9);
        Assert.Equal(0, s.SparsityAt(0));
        Assert.Equal(0, s.SparsityAt(100));
        Assert.Equal(0.9 * (1 - 0.125), s.SparsityAt(300), 12);
        Assert.Equal(0.9 * (1 - Math.Pow(0.75, 3)), s.SparsityAt(200), 12);
        Assert.Equal(0.9, s.SparsityAt(500), 12);
        Assert.Equal(0.9, s.SparsityAt(10_000), 12);
    }

    [Fact]
    public void CubicScheduleIsMonotoneAndPrunesOnItsGrid()
    {
        var s = new CubicSchedule(start: 10, end: 95, frequency: 20, initialSparsity: 0.1, finalSparsity: 0.8);
        long[] pruneSteps = Enumerable.Range(0, 120).Where(t => s.IsPruneStep(t)).Select(t => (long)t).ToArray();
        Assert.Equal([10, 30, 50, 70, 90, 95], pruneSteps);
        for (int t = 1; t < 120; t++)
        {
            Assert.True(s.SparsityAt(t) >= s.SparsityAt(t - 1));
        }
    }

    [Fact]
    public void OneShotPrunesOnce()
    {
        var s = new OneShotSchedule(step: 7, sparsity: 0.6);
        Assert.Equal([7], Enumerable.Range(0, 20).Where(t => s.IsPruneStep(t)));
        Assert.Equal(0, s.SparsityAt(6));
        Assert.Equal(0.6, s.SparsityAt(7));
    }

    [Fact]
    public void RejectsReversedWindowsAndZeroFrequency()
    {
        Assert.Throws<SprigException>(() => new CubicSchedule(10, 5, 1, 0, 0.5));
        Assert.Throws<SprigException>(() => new CubicSchedule(0, 5, 0, 0, 0.5));
    }
}
