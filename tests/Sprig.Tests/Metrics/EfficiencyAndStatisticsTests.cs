using Sprig.Metrics;

namespace Sprig.Tests.Metrics;

public class EfficiencyAndStatisticsTests
{
    [Fact]
    public void ParameterEfficiency_FollowsItsDefinitions()
    {
        Assert.Equal(0.9 / 0.5, ParameterEfficiency.AccuracyPerMillionNonzeros(0.9, 500_000), 12);
        Assert.Equal((0.92 - 0.90) / 0.9, ParameterEfficiency.AccuracyDropPerMillionRemoved(0.90, 100_000, 0.92, 1_000_000), 12);
        Assert.True(double.IsNaN(ParameterEfficiency.AccuracyDropPerMillionRemoved(0.9, 10, 0.9, 10)));
        Assert.Equal(0.9, ParameterEfficiency.LargestSparsityWithin([(0.5, 0.915), (0.9, 0.911), (0.95, 0.89)], 0.92, 0.01));
        Assert.Null(ParameterEfficiency.LargestSparsityWithin([(0.9, 0.5)], 0.92));
    }

    [Fact]
    public void Statistics_MedianMeanAndSampleStd()
    {
        Assert.Equal(2, Statistics.Median([3, 1, 2]));
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.Equal(2, Statistics.Mean([1.0, 2, 3]));
        Assert.Equal(1, Statistics.StandardDeviation([1.0, 2, 3]), 12);
        Assert.Equal(0, Statistics.StandardDeviation([5.0]));
    }

    [Fact]
    public void BitmapStorage_IsDenseWithoutZeros()
    {
        float[] full = [.. Enumerable.Repeat(1f, 12)];
        float[] sparse = [1, 0, 0, 2, 0, 3, 0, 0, 4, 0, 0, 5];

        Assert.Equal(new StorageChoice("dense", 4 * 12), BitmapStorageAdvisor.Instance.Choose(3, 4, full));
        Assert.Equal(new StorageChoice("bitmap", 2 + (4 * 5)), BitmapStorageAdvisor.Instance.Choose(3, 4, sparse));
    }

    [Fact]
    public void FormatAdvisorStorage_NeverCostsMoreThanDenseOrBitmap()
    {
        var rng = new Sprig.Tensors.Rng(5);
        float[] weights = new float[64 * 48];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = rng.NextFloat() < 0.05f ? 1 : 0;
        }

        StorageChoice advised = FormatAdvisorStorage.Instance.Choose(64, 48, weights);

        Assert.True(advised.Bytes <= BitmapStorageAdvisor.Instance.Choose(64, 48, weights).Bytes, $"{advised}");
        Assert.NotEqual("dense", advised.Format);
        Assert.Equal("dense", FormatAdvisorStorage.Instance.Choose(2, 2, [1, 2, 3, 4]).Format);
    }

    [Fact]
    public void Latency_IsMeasuredPerBatch()
    {
        var model = Sprig.Models.ModelZoo.Create("mlp", 1, 28, 28, 10, new Sprig.Tensors.Rng(1));

        IReadOnlyList<LatencyMeasurement> m = LatencyMeter.Measure(model, [1, 28, 28], [1, 4], repeats: 3);

        Assert.Equal([1, 4], m.Select(x => x.Batch));
        Assert.All(m, x => Assert.True(x.MedianMilliseconds > 0 && x.SamplesPerSecond > 0));
        Assert.True(model.IsTraining);
    }
}
