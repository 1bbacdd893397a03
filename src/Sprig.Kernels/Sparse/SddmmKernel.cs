using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary><see cref="Sddmm"/> rows with the widest SIMD path of this machine.</summary>
internal readonly struct SddmmKernel : ISparseKernel<SparseOperands>
{
    public static void Run(in SparseOperands op, int first, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            SddmmRows<Vector512<float>, Lanes512>.Run(op, first, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            SddmmRows<Vector256<float>, Lanes256>.Run(op, first, end);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            SddmmRows<Vector128<float>, Lanes128>.Run(op, first, end);
        }
        else
        {
            SddmmRows<float, LanesScalar>.Run(op, first, end);
        }
    }
}
