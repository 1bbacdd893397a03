namespace Sprig.Kernels.Sparse;

/// <summary>A sparse kernel that computes a range of its items (rows, or column groups) independently of the others.</summary>
/// <typeparam name="TOperands">The pinned operands the kernel reads and writes.</typeparam>
internal interface ISparseKernel<TOperands>
    where TOperands : struct, ISparseOperands
{
    /// <summary>Computes items <paramref name="first"/> .. <paramref name="end"/>-1 with the widest SIMD path.</summary>
    public static abstract void Run(in TOperands op, int first, int end);
}
