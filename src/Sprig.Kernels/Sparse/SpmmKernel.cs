using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary><see cref="Spmm"/> rows with the widest SIMD path of this machine.</summary>
internal readonly struct SpmmKernel : ISparseKernel<SparseOperands>
{
    public static void Run(in SparseOperands op, int first, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            SpmmRows<Vector512<float>, Lanes512>.Run(op, first, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            SpmmRows<Vector256<float>, Lanes256>.Run(op, first, end);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            SpmmRows<Vector128<float>, Lanes128>.Run(op, first, end);
        }
        else
        {
            SpmmRows<float, LanesScalar>.Run(op, first, end);
        }
    }
}
