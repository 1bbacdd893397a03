namespace Sprig.Kernels.Sparse;

/// <summary>
/// Pinned operands of <see cref="SparseBackward"/>, over Wᵀ's pattern (one row per input feature k): its entries'
/// row numbers of W (<see cref="Indices"/>) and their places in W's own entry order (<see cref="Source"/>), where
/// W's <see cref="Values"/> and gradient <see cref="Entries"/> are; dYᵀ (a row per output feature), Xᵀ and the output
/// dXᵀ (a row per input feature), all <see cref="Batch"/> wide.
/// Only valid inside the <c>fixed</c> block that created it.
/// </summary>
internal readonly unsafe struct SparseBackwardOperands(
    int* rowPointers, int* indices, float* values, int* source, float* outputGradientT, float* inputT, float* inputGradientT, float* entries, int batch)
    : ISparseOperands
{
    public readonly int* RowPointers = rowPointers;
    public readonly int* Indices = indices;
    public readonly float* Values = values;
    public readonly int* Source = source;
    public readonly float* OutputGradientT = outputGradientT;
    public readonly float* InputT = inputT;
    public readonly float* InputGradientT = inputGradientT;
    public readonly float* Entries = entries;
    public readonly int Batch = batch;

    /// <summary>Row blocks with about the same number of entries (<see cref="SparseRowSplit.FirstRow"/>).</summary>
    public int FirstItem(int items, int part, int parts) => SparseRowSplit.FirstRow(RowPointers, items, part, parts);
}
