namespace Sprig.Kernels.Sparse;

/// <summary>
/// Pinned operands of a row-wise sparse kernel over a CSR pattern: the pattern's values, a dense matrix with one
/// row per pattern column (<see cref="ColumnSide"/>) and a dense matrix with one row per pattern row
/// (<see cref="RowSide"/>), both <see cref="Batch"/> wide. Only valid inside the <c>fixed</c> block that created it.
/// </summary>
internal readonly unsafe struct SparseOperands(
    int* rowPointers, int* indices, float* values, float* columnSide, float* rowSide, int batch, bool accumulate)
    : ISparseOperands
{
    public readonly int* RowPointers = rowPointers;
    public readonly int* Indices = indices;
    public readonly float* Values = values;
    public readonly float* ColumnSide = columnSide;
    public readonly float* RowSide = rowSide;
    public readonly int Batch = batch;
    public readonly bool Accumulate = accumulate;

    /// <summary>Row blocks with about the same number of entries (<see cref="SparseRowSplit.FirstRow"/>).</summary>
    public int FirstItem(int items, int part, int parts) => SparseRowSplit.FirstRow(RowPointers, items, part, parts);
}
