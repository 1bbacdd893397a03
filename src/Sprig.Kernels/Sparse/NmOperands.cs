namespace Sprig.Kernels.Sparse;

/// <summary>
/// Pinned operands of an N:M kernel: the pattern's offsets and values, a dense matrix with one row per column of W
/// (<see cref="ColumnSide"/>) and one with one row per row of W (<see cref="RowSide"/>), both <see cref="Batch"/> wide.
/// Only valid inside the <c>fixed</c> block that created it.
/// </summary>
internal readonly unsafe struct NmOperands(
    byte* offsets, float* values, float* columnSide, float* rowSide, int rows, int groups, int n, int m, int batch, bool accumulate)
    : ISparseOperands
{
    public readonly byte* Offsets = offsets;
    public readonly float* Values = values;
    public readonly float* ColumnSide = columnSide;
    public readonly float* RowSide = rowSide;
    public readonly int Rows = rows;
    public readonly int Groups = groups;
    public readonly int N = n;
    public readonly int M = m;
    public readonly int Batch = batch;
    public readonly bool Accumulate = accumulate;

    /// <summary>Equal blocks: every row of an N:M matrix (and every column group) holds the same number of entries.</summary>
    public int FirstItem(int items, int part, int parts) => (int)((long)items * part / parts);
}
