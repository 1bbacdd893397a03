namespace Sprig.Kernels.Sparse;

/// <summary>Operands of a sparse kernel that know how to cut their items into blocks of about equal work.</summary>
internal interface ISparseOperands
{
    /// <summary>The first item of block <paramref name="part"/> of <paramref name="parts"/> (part = parts gives <paramref name="items"/>).</summary>
    public int FirstItem(int items, int part, int parts);
}
