using Sprig.Metrics;
using Sprig.Sparsity;
using Sprig.Sparsity.Structure;

namespace Sprig.Training;

/// <summary>The summary of a run, written as <c>results.json</c> in the run directory.</summary>
public sealed record RunResults
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Dataset name (<c>synthetic</c> when it fell back to generated data).</summary>
    public required string Dataset { get; init; }

    /// <summary>Sparsification method.</summary>
    public required string Method { get; init; }

    /// <summary>Target global sparsity of the method.</summary>
    public required double Sparsity { get; init; }

    /// <summary>Epochs trained.</summary>
    public required int Epochs { get; init; }

    /// <summary>Seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Kernel threads.</summary>
    public required int Threads { get; init; }

    /// <summary>Test accuracy of the final model.</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Best validation accuracy over the epochs (null without a validation split).</summary>
    public double? BestValAccuracy { get; init; }

    /// <summary>Wall time of the whole run, including evaluation and checkpoints (summed over resumed parts).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Training time per epoch.</summary>
    public required IReadOnlyList<double> EpochSeconds { get; init; }

    /// <summary>Mean training loss per epoch.</summary>
    public required IReadOnlyList<double> TrainLoss { get; init; }

    /// <summary>Test accuracy per epoch.</summary>
    public required IReadOnlyList<double> TestAccuracyPerEpoch { get; init; }

    /// <summary>Validation accuracy per epoch (empty without a validation split).</summary>
    public required IReadOnlyList<double> ValAccuracyPerEpoch { get; init; }

    /// <summary>All trainable parameters, prunable or not.</summary>
    public required long Parameters { get; init; }

    /// <summary>Trainable parameters that are not zero.</summary>
    public required long NonzeroParameters { get; init; }

    /// <summary>Per prunable layer: shape, size and sparsity.</summary>
    public required IReadOnlyList<LayerSparsity> Layers { get; init; }

    /// <summary>Per-layer parameters, nonzeros, FLOPs and bytes of the final model (null in results written before they existed).</summary>
    public ModelMetrics? Metrics { get; init; }

    /// <summary>Measured inference time (only with <c>sprig train --measure</c>).</summary>
    public IReadOnlyList<LatencyMeasurement>? Latency { get; init; }

    /// <summary>The full configuration of the run.</summary>
    public required TrainingOptions Config { get; init; }

    /// <summary>The fraction of channel-prunable channels removed, for methods that shrink (Chase).</summary>
    public double? ChannelSparsity { get; init; }

    /// <summary>What the end-of-run shrink removed and gained, for methods that shrink (Chase).</summary>
    public ShrinkReport? Shrink { get; init; }
}
