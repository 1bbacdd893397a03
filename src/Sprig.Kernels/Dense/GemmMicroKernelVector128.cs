using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The portable 128-bit micro-kernel (SSE, or NEON): a 4×8 tile of C in 8 accumulators of 4 lanes, using
/// multiply then add (no FMA is assumed). This is what runs with <c>DOTNET_EnableAVX2=0</c>.
/// </summary>
internal readonly unsafe struct GemmMicroKernelVector128 : IGemmMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        Vector128<float> c00 = Vector128<float>.Zero, c01 = Vector128<float>.Zero;
        Vector128<float> c10 = Vector128<float>.Zero, c11 = Vector128<float>.Zero;
        Vector128<float> c20 = Vector128<float>.Zero, c21 = Vector128<float>.Zero;
        Vector128<float> c30 = Vector128<float>.Zero, c31 = Vector128<float>.Zero;
        for (int p = 0; p < kc; p++, a += 4, b += 8)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> ar = Vector128.Create(a[0]);
            c00 += ar * b0;
            c01 += ar * b1;
            ar = Vector128.Create(a[1]);
            c10 += ar * b0;
            c11 += ar * b1;
            ar = Vector128.Create(a[2]);
            c20 += ar * b0;
            c21 += ar * b1;
            ar = Vector128.Create(a[3]);
            c30 += ar * b0;
            c31 += ar * b1;
        }

        Store(c00, c01, c, overwrite);
        Store(c10, c11, c + ldc, overwrite);
        Store(c20, c21, c + (2 * ldc), overwrite);
        Store(c30, c31, c + (3 * ldc), overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<float> low, Vector128<float> high, float* c, bool overwrite)
    {
        if (!overwrite)
        {
            low += Vector128.Load(c);
            high += Vector128.Load(c + 4);
        }

        low.Store(c);
        high.Store(c + 4);
    }
}
