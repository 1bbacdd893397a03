namespace Sprig.Kernels.Dense;

/// <summary>Whether a GEMM operand is read as stored (row-major) or transposed.</summary>
public enum Transpose
{
    /// <summary>Use the matrix as stored.</summary>
    No,

    /// <summary>Use the transpose of the stored matrix.</summary>
    Yes,
}
