namespace Sprig.Execution;

/// <summary>The execution chosen for one masked linear layer.</summary>
/// <param name="Name">The layer's name in the model.</param>
/// <param name="Sparsity">The mask's sparsity when planned.</param>
/// <param name="Sparse">Whether it runs on the sparse kernels.</param>
/// <param name="DenseSeconds">Measured seconds of a dense training step's three products (0 when not measured).</param>
/// <param name="SparseSeconds">Measured seconds of the sparse ones (0 when not measured).</param>
public sealed record LayerPlan(string Name, double Sparsity, bool Sparse, double DenseSeconds, double SparseSeconds);
