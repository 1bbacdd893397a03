namespace Sprig.Training;

/// <summary>One prunable layer's size and sparsity in a run's results.</summary>
/// <param name="Name">Dotted parameter name, e.g. <c>0.weight</c>.</param>
/// <param name="Shape">The weight's shape.</param>
/// <param name="Parameters">Number of weights.</param>
/// <param name="Nonzeros">Number of weights that are not zero.</param>
/// <param name="Sparsity">Fraction of weights that are zero.</param>
public sealed record LayerSummary(string Name, int[] Shape, long Parameters, long Nonzeros, double Sparsity);
