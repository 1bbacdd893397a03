namespace Sprig.Kernels.Sparse;

/// <summary>A sparse kernel that computes a range of pattern rows independently of the others.</summary>
internal interface ISparseRowKernel
{
    /// <summary>Computes rows <paramref name="first"/> .. <paramref name="end"/>-1 with the widest SIMD path.</summary>
    public static abstract void Run(in SparseOperands op, int first, int end);
}
