namespace Sprig.Kernels.Sparse;

/// <summary>An N:M kernel that computes a range of rows (or of column groups) independently of the others.</summary>
internal interface INmKernel
{
    /// <summary>Computes items <paramref name="first"/> .. <paramref name="end"/>-1 with the widest SIMD path.</summary>
    public static abstract void Run(in NmOperands op, int first, int end);
}
