using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary><see cref="NmRows{TVector, TLanes}.Transposed"/> with the widest SIMD path of this machine.</summary>
internal readonly struct NmTransposedKernel : ISparseKernel<NmOperands>
{
    public static void Run(in NmOperands op, int first, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            NmRows<Vector512<float>, Lanes512>.Transposed(op, first, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            NmRows<Vector256<float>, Lanes256>.Transposed(op, first, end);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            NmRows<Vector128<float>, Lanes128>.Transposed(op, first, end);
        }
        else
        {
            NmRows<float, LanesScalar>.Transposed(op, first, end);
        }
    }
}
