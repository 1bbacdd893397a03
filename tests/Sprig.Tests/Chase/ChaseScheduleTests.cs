using Sprig.Nn;
using Sprig.Sparsity;
using Sprig.Sparsity.Chase;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;

namespace Sprig.Tests.Chase;

public class ChaseScheduleTests
{
    private static readonly ChaseTimeline s_timeline = new(UpdateEvery: 10, ChannelUpdateEvery: 40, ChannelPruneEnd: 200, PhaseBStart: 200, TotalSteps: 300);

    [Fact]
    public void ChannelEvents_AreOffsetByHalfAnUpdateFromWeightUpdates_AndCloseAtTheEnd()
    {
        long[] events = Enumerable.Range(0, 301).Where(t => s_timeline.IsChannelEvent(t)).Select(t => (long)t).ToArray();
        long[] updates = Enumerable.Range(0, 301).Where(t => s_timeline.IsWeightUpdate(t)).Select(t => (long)t).ToArray();

        Assert.Equal([35, 75, 115, 155, 195, 200], events);
        Assert.Equal(29, updates.Length);
        Assert.Equal(10, updates[0]);
        Assert.Equal(290, updates[^1]);
    }

    [Fact]
    public void ChannelSparsity_IsCubic_AndPhaseRatesAnneal()
    {
        Assert.Equal(0, s_timeline.ChannelSparsityAt(0, 0.5));
        Assert.Equal(0.5 * (1 - Math.Pow(0.5, 3)), s_timeline.ChannelSparsityAt(100, 0.5), 12);
        Assert.Equal(0.5, s_timeline.ChannelSparsityAt(250, 0.5));
        Assert.Equal(0.15, s_timeline.GrowDensityAt(0, 0.1, 0.05), 12);
        Assert.Equal(0.125, s_timeline.GrowDensityAt(100, 0.1, 0.05), 12);
        Assert.Equal(0.1, s_timeline.GrowDensityAt(200, 0.1, 0.05), 12);
        Assert.Equal(0.5, s_timeline.PruneFractionAt(0), 12);
        Assert.Equal(0.005, s_timeline.PruneFractionAt(300), 12);
    }

    [Fact]
    public void Defaults_ScaleWithTheRun()
    {
        var run = new TrainingSchedule(Epochs: 16, StepsPerEpoch: 100);

        ChaseTimeline t = ChaseTimeline.For(new ChaseSettings(0.3, 0.2, 0.05, null, null, null, null), run);

        Assert.Equal(20, t.UpdateEvery);
        Assert.Equal(80, t.ChannelUpdateEvery);
        Assert.Equal(1300, t.PhaseBStart);
        Assert.Equal(1300, t.ChannelPruneEnd);
        Assert.Throws<SprigException>(() => ChaseTimeline.For(new ChaseSettings(0.3, 0.2, 0.05, null, null, null, 17), run));
        Assert.Throws<SprigException>(() => ChaseTimeline.For(new ChaseSettings(0.3, 0.2, 0.05, 0, null, null, null), run));
    }

    [Fact]
    public void ChannelSelection_TakesTheGlobalLowest_ButRespectsEachLayersFloor()
    {
        float[][] scores = [[0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f], [5f, 1f, 6f, 7f]];
        bool[][] alive = [Enumerable.Repeat(true, 8).ToArray(), [true, true, true, true]];

        List<int>[] chosen = ChannelSelection.Lowest(scores, alive, [3, 1], 7);

        // Layer 0 can give only 8 − 3 = 5 (its lowest); the shortfall of 2 comes from layer 1's lowest.
        Assert.Equal([0, 1, 2, 3, 4], chosen[0]);
        Assert.Equal([1, 0], chosen[1]);
    }

    [Fact]
    public void ChannelSelection_NeverTakesDeadChannels_AndStopsWhenEveryLayerIsAtItsFloor()
    {
        float[][] scores = [[0f, 1f, 2f], [0f, 1f]];
        bool[][] alive = [[false, true, true], [true, true]];

        List<int>[] chosen = ChannelSelection.Lowest(scores, alive, [1, 1], 10);

        Assert.Equal([1], chosen[0]);
        Assert.Equal([0], chosen[1]);
    }

    [Fact]
    public void Umm_DividesByTheWholeChannel_CountingMaskedEntriesAsZero()
    {
        var weight = new Parameter(new Tensor([1f, -2f, 3f, 4f, 0.5f, 0.5f, 0.5f, 0.5f], 2, 4), prunable: true)
        {
            Mask = [1f, 1f, 0f, 1f, 1f, 0f, 0f, 0f],
        };

        float[] umm = ChannelScores.UnmaskedMeanMagnitude(new PrunableWeight("w", weight));

        Assert.Equal([(1f + 2f + 4f) / 4f, 0.5f / 4f], umm);
    }
}
