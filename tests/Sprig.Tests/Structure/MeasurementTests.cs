using Sprig.Metrics;
using Sprig.Nn;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;

namespace Sprig.Tests.Structure;

public class MeasurementTests
{
    [Fact]
    public void BatchNormRecalibration_IsTheCumulativeAverageOfBatchStatistics()
    {
        var norm = new BatchNorm2d(2);
        var model = new Sequential(norm);
        Tensor[] batches = [Batch(1, 0f), Batch(2, 3f), Batch(3, -1f)];
        double[] means = new double[2];
        double[] variances = new double[2];
        foreach (Tensor b in batches)
        {
            for (int c = 0; c < 2; c++)
            {
                float[] values = Channel(b, c);
                double mean = values.Average();
                means[c] += mean / batches.Length;
                variances[c] += values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / batches.Length;
            }
        }

        model.Eval();
        int seen = BatchNormRecalibration.Run(model, batches);

        Assert.Equal(3, seen);
        Assert.False(model.IsTraining);
        Assert.Equal(0.1f, norm.Momentum);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(means[c], norm.RunningMean.Span[c], 4);
            Assert.Equal(variances[c], norm.RunningVar.Span[c], 4);
        }
    }

    [Fact]
    public void ModelShrinker_ReportsWidthsParametersAndFlops()
    {
        Module model = StructureTestKit.Model("vgg11s", 3);
        ChannelGraph graph = ChannelGraph.Build(model);
        for (int c = 0; c < 16; c++)
        {
            ChannelSurgery.Kill(graph.Groups[0], c);
        }

        long denseFlopsBefore = ModelMetrics.Measure(model, [1, 28, 28]).DenseForwardFlops;
        ShrinkReport report = ModelShrinker.Shrink(model, StructureTestKit.Input(2, 4), [StructureTestKit.Input(4, 5)]);

        Assert.Equal(16, report.Widths[0].After);
        Assert.Equal(0.5, report.Widths[0].ChannelSparsity);
        Assert.Equal(16.0 / 1120, report.ChannelSparsity, 6);
        // Killed channels keep their batch-norm γ and β until the shrink removes them.
        Assert.Equal(report.NonzerosBefore - (2 * 16), report.NonzerosAfter);
        Assert.Equal(2_309_610 - ((16 * 9) + (2 * 16) + (64 * 16 * 9)), report.ParametersAfter);
        Assert.True(report.FlopsAfter < report.FlopsBefore);
        // The FLOP convention itself is hand-checked in ModelMetricsTests; the shrink report uses the same one.
        Assert.Equal(denseFlopsBefore, report.FlopsBefore);
        Assert.Equal(ModelMetrics.Measure(model, [1, 28, 28]).DenseForwardFlops, report.FlopsAfter);
        Assert.True(report.ThroughputBefore > 0 && report.ThroughputAfter > 0);
        Assert.Equal(1, report.RecalibrationBatches);
    }

    private static Tensor Batch(int seed, float shift)
    {
        var rng = new Rng((ulong)seed);
        var x = new Tensor(3, 2, 2, 2);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = shift + rng.NextGaussian();
        }

        return x;
    }

    private static float[] Channel(Tensor batch, int c)
    {
        var values = new List<float>();
        for (int n = 0; n < batch.Dim(0); n++)
        {
            values.AddRange(batch.Data.AsSpan(((n * 2) + c) * 4, 4).ToArray());
        }

        return values.ToArray();
    }
}
