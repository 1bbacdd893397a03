using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary><see cref="NmRows{TVector, TLanes}.Forward"/> with the widest SIMD path of this machine.</summary>
internal readonly struct NmForwardKernel : ISparseKernel<NmOperands>
{
    public static void Run(in NmOperands op, int first, int end)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            NmRows<Vector512<float>, Lanes512>.Forward(op, first, end);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            NmRows<Vector256<float>, Lanes256>.Forward(op, first, end);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            NmRows<Vector128<float>, Lanes128>.Forward(op, first, end);
        }
        else
        {
            NmRows<float, LanesScalar>.Forward(op, first, end);
        }
    }
}
