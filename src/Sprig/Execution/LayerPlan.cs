namespace Sprig.Execution;

/// <summary>The execution chosen for one masked linear layer.</summary>
/// <param name="Name">The layer's name in the model.</param>
/// <param name="Sparsity">The mask's sparsity when planned.</param>
/// <param name="Sparse">Whether it runs on the sparse kernels.</param>
/// <param name="DenseSeconds">Predicted seconds of a dense training step's three products (0 when not predicted).</param>
/// <param name="SparseSeconds">Predicted seconds of the sparse ones (0 when not predicted).</param>
public sealed record LayerPlan(string Name, double Sparsity, bool Sparse, double DenseSeconds, double SparseSeconds);
