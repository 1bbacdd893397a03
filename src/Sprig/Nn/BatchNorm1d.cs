namespace Sprig.Nn;

/// <summary>Batch normalisation of [N, C] or [N, C, L] input per channel C (PyTorch's <c>BatchNorm1d</c>).</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer with PyTorch's defaults (ε = 1e-5, momentum 0.1).</summary>
    public BatchNorm1d(int features, float epsilon = 1e-5f, float momentum = 0.1f)
        : base(features, epsilon, momentum)
    {
    }

    /// <inheritdoc />
    protected override string ExpectedShape => $"[N, {Features}] or [N, {Features}, L]";

    /// <inheritdoc />
    protected override bool AcceptsRank(int rank) => rank is 2 or 3;
}
