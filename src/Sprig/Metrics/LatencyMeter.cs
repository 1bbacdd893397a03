using System.Diagnostics;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Metrics;

/// <summary>Times inference (evaluation mode, forward only), the way <c>--measure</c> and the shrink report it.</summary>
public static class LatencyMeter
{
    /// <summary>The batch sizes <c>--measure</c> times: one sample (latency) and a training-size batch (throughput).</summary>
    public static IReadOnlyList<int> DefaultBatches { get; } = [1, 128];

    /// <summary>
    /// Times <paramref name="repeats"/> forward passes of <paramref name="model"/> at each batch size after two
    /// warm-up passes and returns the medians. The model is left in the mode it was in.
    /// </summary>
    public static IReadOnlyList<LatencyMeasurement> Measure(Module model, IReadOnlyList<int> sample, IReadOnlyList<int> batches, int repeats)
    {
        var rng = new Rng(0);
        var results = new List<LatencyMeasurement>();
        foreach (int batch in batches)
        {
            var input = new Tensor([batch, .. sample]);
            for (int i = 0; i < input.Length; i++)
            {
                input.Data[i] = rng.NextGaussian();
            }

            results.Add(Measure(model, input, repeats));
        }

        return results;
    }

    /// <summary>
    /// Times <paramref name="repeats"/> forward passes of <paramref name="model"/> on <paramref name="input"/> (a batch)
    /// after two warm-up passes and returns the median. The model is left in the mode it was in.
    /// </summary>
    /// <exception cref="SprigException"><paramref name="repeats"/> is below 1.</exception>
    public static LatencyMeasurement Measure(Module model, Tensor input, int repeats)
    {
        if (repeats < 1)
        {
            throw new SprigException($"latency needs at least one repeat, got {repeats}");
        }

        using var mode = new ModeScope(model, training: false);
        model.Forward(input);
        model.Forward(input);
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Forward(input);
            times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        int batch = input.Dim(0);
        double median = Statistics.Median(times);
        return new LatencyMeasurement(batch, repeats, median, batch / (median / 1000.0));
    }
}
