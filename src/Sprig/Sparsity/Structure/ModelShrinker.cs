using Sprig.Metrics;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// The whole shrink of a trained masked model: measure it, slice out its dead channels
/// (<see cref="ChannelSurgery.Shrink"/>), recalibrate batch norm over one pass of training data, and measure again.
/// </summary>
public static class ModelShrinker
{
    // Timed forward passes on each side; the median resists the other processes on a shared machine.
    private const int ThroughputRepeats = 15;

    /// <summary>Shrinks <paramref name="model"/> in place and reports the difference.</summary>
    /// <param name="model">A model built from Sprig's modules (see <see cref="ChannelGraph"/>).</param>
    /// <param name="probe">An input batch [N, C, H, W] (or [N, features]) for the FLOP count and throughput.</param>
    /// <param name="recalibration">Training batches for the batch-norm pass.</param>
    /// <exception cref="SprigException">The model cannot be traced or has no channel-prunable layer.</exception>
    public static ShrinkReport Shrink(Module model, Tensor probe, IEnumerable<Tensor> recalibration)
    {
        ChannelGraph graph = ChannelGraph.Build(model);
        if (graph.Groups.Count == 0)
        {
            throw new SprigException("the model has no channel-prunable layer, so there is nothing to shrink");
        }

        int[] before = new int[graph.Groups.Count];
        for (int g = 0; g < before.Length; g++)
        {
            before[g] = graph.Groups[g].Channels;
        }

        int[] sample = probe.ShapeArray()[1..];
        ModelMetrics metricsBefore = ModelMetrics.Measure(model, sample);
        double throughputBefore = LatencyMeter.Measure(model, probe, ThroughputRepeats).SamplesPerSecond;

        Dictionary<string, int> after = ChannelSurgery.Shrink(graph);
        int recalibrated = BatchNormRecalibration.Run(model, recalibration);

        ModelMetrics metricsAfter = ModelMetrics.Measure(model, sample);
        var widths = new List<ChannelWidth>();
        int total = 0;
        int kept = 0;
        for (int g = 0; g < before.Length; g++)
        {
            string name = graph.Groups[g].Name;
            widths.Add(new ChannelWidth(name, before[g], after[name]));
            total += before[g];
            kept += after[name];
        }

        return new ShrinkReport
        {
            ParametersBefore = metricsBefore.Parameters,
            ParametersAfter = metricsAfter.Parameters,
            NonzerosBefore = metricsBefore.Nonzeros,
            NonzerosAfter = metricsAfter.Nonzeros,
            FlopsBefore = metricsBefore.DenseForwardFlops,
            FlopsAfter = metricsAfter.DenseForwardFlops,
            ThroughputBatch = probe.Dim(0),
            ThroughputBefore = throughputBefore,
            ThroughputAfter = LatencyMeter.Measure(model, probe, ThroughputRepeats).SamplesPerSecond,
            ChannelSparsity = 1.0 - ((double)kept / total),
            Widths = widths,
            RecalibrationBatches = recalibrated,
        };
    }
}
