namespace Sprig.Metrics;

/// <summary>Size and cost of one convolution or linear layer for one sample (see docs/reports.md for the conventions).</summary>
public sealed record LayerMetrics
{
    /// <summary>The weight's dotted parameter name, such as <c>0.weight</c> (the key of its mask in a checkpoint).</summary>
    public required string Name { get; init; }

    /// <summary><c>conv</c> or <c>linear</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The weight's shape.</summary>
    public required IReadOnlyList<int> WeightShape { get; init; }

    /// <summary>The output shape of one sample.</summary>
    public required IReadOnlyList<int> OutputShape { get; init; }

    /// <summary>Weight elements (the bias is not included).</summary>
    public required long Weights { get; init; }

    /// <summary>Weight elements that are not zero.</summary>
    public required long Nonzeros { get; init; }

    /// <summary>Forward FLOPs of the dense layer (multiplies and adds counted separately, bias included).</summary>
    public required long DenseFlops { get; init; }

    /// <summary>Forward FLOPs when only nonzero weights are multiplied.</summary>
    public required long SparseFlops { get; init; }

    /// <summary>The storage format the advisor chose for the weight.</summary>
    public required string Format { get; init; }

    /// <summary>Bytes of the weight and bias as dense float32.</summary>
    public required long DenseBytes { get; init; }

    /// <summary>Bytes of the weight in <see cref="Format"/> plus the dense bias.</summary>
    public required long SparseBytes { get; init; }

    /// <summary>The fraction of weights that are zero.</summary>
    public double Sparsity => Weights == 0 ? 0 : 1.0 - ((double)Nonzeros / Weights);
}
