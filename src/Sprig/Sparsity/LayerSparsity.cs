namespace Sprig.Sparsity;

/// <summary>The achieved sparsity of one prunable parameter, for results.json.</summary>
/// <param name="Name">The dotted parameter name.</param>
/// <param name="Shape">The parameter's shape.</param>
/// <param name="Parameters">The number of elements.</param>
/// <param name="Nonzeros">The number of elements that are not exactly zero.</param>
public sealed record LayerSparsity(string Name, IReadOnlyList<int> Shape, long Parameters, long Nonzeros)
{
    /// <summary>The fraction of elements that are zero.</summary>
    public double Sparsity => Parameters == 0 ? 0 : 1.0 - ((double)Nonzeros / Parameters);
}
