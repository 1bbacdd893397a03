namespace Sprig.Nn;

/// <summary>Batch normalisation of NCHW input per channel C (PyTorch's <c>BatchNorm2d</c>).</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer with PyTorch's defaults (ε = 1e-5, momentum 0.1).</summary>
    public BatchNorm2d(int features, float epsilon = 1e-5f, float momentum = 0.1f)
        : base(features, epsilon, momentum)
    {
    }

    /// <inheritdoc />
    protected override string ExpectedShape => $"[N, {Features}, H, W]";

    /// <inheritdoc />
    protected override bool AcceptsRank(int rank) => rank == 4;
}
