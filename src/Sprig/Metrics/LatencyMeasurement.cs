namespace Sprig.Metrics;

/// <summary>Measured forward-pass time of a model at one batch size (median of repeats, after warm-up).</summary>
/// <param name="Batch">Samples per forward pass.</param>
/// <param name="Repeats">Timed repeats the median is taken over.</param>
/// <param name="MedianMilliseconds">Median wall time of one forward pass.</param>
/// <param name="SamplesPerSecond">Throughput at the median time.</param>
public sealed record LatencyMeasurement(int Batch, int Repeats, double MedianMilliseconds, double SamplesPerSecond);
