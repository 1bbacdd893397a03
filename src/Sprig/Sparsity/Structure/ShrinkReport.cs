namespace Sprig.Sparsity.Structure;

/// <summary>What a shrink removed and what it gained (the <c>shrink</c> section of results.json).</summary>
public sealed record ShrinkReport
{
    /// <summary>All parameters (dense count, masked ones included) before the shrink.</summary>
    public required long ParametersBefore { get; init; }

    /// <summary>All parameters after the shrink.</summary>
    public required long ParametersAfter { get; init; }

    /// <summary>Nonzero parameters before (equal to after when only dead channels were removed).</summary>
    public required long NonzerosBefore { get; init; }

    /// <summary>Nonzero parameters after.</summary>
    public required long NonzerosAfter { get; init; }

    /// <summary>
    /// Dense-equivalent inference FLOPs of one image before (<see cref="Metrics.ModelMetrics.DenseForwardFlops"/>, RigL's
    /// counting): what a dense kernel pays, so it shows what shrinking saves and ignores what masking saves.
    /// </summary>
    public required long FlopsBefore { get; init; }

    /// <summary>Dense-equivalent inference FLOPs of one image after, counted as <see cref="FlopsBefore"/>.</summary>
    public required long FlopsAfter { get; init; }

    /// <summary>The batch size of the throughput measurements.</summary>
    public required int ThroughputBatch { get; init; }

    /// <summary>Images per second of the masked model before the shrink.</summary>
    public required double ThroughputBefore { get; init; }

    /// <summary>Images per second of the shrunk model (same batch, same threads).</summary>
    public required double ThroughputAfter { get; init; }

    /// <summary><see cref="ThroughputAfter"/> / <see cref="ThroughputBefore"/>.</summary>
    public double ThroughputRatio => ThroughputBefore > 0 ? ThroughputAfter / ThroughputBefore : 0;

    /// <summary>The fraction of channel-prunable channels removed.</summary>
    public required double ChannelSparsity { get; init; }

    /// <summary>Per prunable layer, its width before and after.</summary>
    public required IReadOnlyList<ChannelWidth> Widths { get; init; }

    /// <summary>How many batches recalibrated the batch-norm statistics.</summary>
    public required int RecalibrationBatches { get; init; }

    /// <summary>Test accuracy of the shrunk, recalibrated model, when the caller measured it.</summary>
    public double? TestAccuracy { get; init; }
}
