using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The AVX2 + FMA micro-kernel: a 6×16 tile of C in 12 ymm accumulators (two 8-lane vectors per row);
/// each k step loads two B vectors, broadcasts six A values and issues 12 FMAs. The k loop is unrolled ×4
/// by hand because the JIT does not unroll.
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx2 : IGemmMicroKernel
{
    /// <summary>Whether this kernel can run on this machine.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public static int Mr => 6;

    public static int Nr => 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        // Start fetching the C tile now; it is read only after the k loop.
        for (int r = 0; r < 6; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + 15);
        }

        Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
        Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
        Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
        Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
        Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
        Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
        Vector256<float> b0, b1, ar;
        int p = 0;
        for (; p + 4 <= kc; p += 4, a += 4 * Mr, b += 4 * Nr)
        {
            b0 = Avx.LoadVector256(b + 0);
            b1 = Avx.LoadVector256(b + 8);
            ar = Avx.BroadcastScalarToVector256(a + 0);
            c00 = Fma.MultiplyAdd(ar, b0, c00);
            c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ar, b0, c10);
            c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ar, b0, c20);
            c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ar, b0, c30);
            c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ar, b0, c40);
            c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ar, b0, c50);
            c51 = Fma.MultiplyAdd(ar, b1, c51);

            b0 = Avx.LoadVector256(b + 16);
            b1 = Avx.LoadVector256(b + 24);
            ar = Avx.BroadcastScalarToVector256(a + 6);
            c00 = Fma.MultiplyAdd(ar, b0, c00);
            c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Avx.BroadcastScalarToVector256(a + 7);
            c10 = Fma.MultiplyAdd(ar, b0, c10);
            c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Avx.BroadcastScalarToVector256(a + 8);
            c20 = Fma.MultiplyAdd(ar, b0, c20);
            c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Avx.BroadcastScalarToVector256(a + 9);
            c30 = Fma.MultiplyAdd(ar, b0, c30);
            c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Avx.BroadcastScalarToVector256(a + 10);
            c40 = Fma.MultiplyAdd(ar, b0, c40);
            c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Avx.BroadcastScalarToVector256(a + 11);
            c50 = Fma.MultiplyAdd(ar, b0, c50);
            c51 = Fma.MultiplyAdd(ar, b1, c51);

            b0 = Avx.LoadVector256(b + 32);
            b1 = Avx.LoadVector256(b + 40);
            ar = Avx.BroadcastScalarToVector256(a + 12);
            c00 = Fma.MultiplyAdd(ar, b0, c00);
            c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Avx.BroadcastScalarToVector256(a + 13);
            c10 = Fma.MultiplyAdd(ar, b0, c10);
            c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Avx.BroadcastScalarToVector256(a + 14);
            c20 = Fma.MultiplyAdd(ar, b0, c20);
            c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Avx.BroadcastScalarToVector256(a + 15);
            c30 = Fma.MultiplyAdd(ar, b0, c30);
            c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Avx.BroadcastScalarToVector256(a + 16);
            c40 = Fma.MultiplyAdd(ar, b0, c40);
            c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Avx.BroadcastScalarToVector256(a + 17);
            c50 = Fma.MultiplyAdd(ar, b0, c50);
            c51 = Fma.MultiplyAdd(ar, b1, c51);

            b0 = Avx.LoadVector256(b + 48);
            b1 = Avx.LoadVector256(b + 56);
            ar = Avx.BroadcastScalarToVector256(a + 18);
            c00 = Fma.MultiplyAdd(ar, b0, c00);
            c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Avx.BroadcastScalarToVector256(a + 19);
            c10 = Fma.MultiplyAdd(ar, b0, c10);
            c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Avx.BroadcastScalarToVector256(a + 20);
            c20 = Fma.MultiplyAdd(ar, b0, c20);
            c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Avx.BroadcastScalarToVector256(a + 21);
            c30 = Fma.MultiplyAdd(ar, b0, c30);
            c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Avx.BroadcastScalarToVector256(a + 22);
            c40 = Fma.MultiplyAdd(ar, b0, c40);
            c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Avx.BroadcastScalarToVector256(a + 23);
            c50 = Fma.MultiplyAdd(ar, b0, c50);
            c51 = Fma.MultiplyAdd(ar, b1, c51);
        }

        for (; p < kc; p++, a += Mr, b += Nr)
        {
            b0 = Avx.LoadVector256(b + 0);
            b1 = Avx.LoadVector256(b + 8);
            ar = Avx.BroadcastScalarToVector256(a + 0);
            c00 = Fma.MultiplyAdd(ar, b0, c00);
            c01 = Fma.MultiplyAdd(ar, b1, c01);
            ar = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(ar, b0, c10);
            c11 = Fma.MultiplyAdd(ar, b1, c11);
            ar = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(ar, b0, c20);
            c21 = Fma.MultiplyAdd(ar, b1, c21);
            ar = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(ar, b0, c30);
            c31 = Fma.MultiplyAdd(ar, b1, c31);
            ar = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(ar, b0, c40);
            c41 = Fma.MultiplyAdd(ar, b1, c41);
            ar = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(ar, b0, c50);
            c51 = Fma.MultiplyAdd(ar, b1, c51);
        }

        Store(c00, c01, c + (0 * ldc), overwrite);
        Store(c10, c11, c + (1 * ldc), overwrite);
        Store(c20, c21, c + (2 * ldc), overwrite);
        Store(c30, c31, c + (3 * ldc), overwrite);
        Store(c40, c41, c + (4 * ldc), overwrite);
        Store(c50, c51, c + (5 * ldc), overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> low, Vector256<float> high, float* c, bool overwrite)
    {
        if (!overwrite)
        {
            low = Avx.Add(Avx.LoadVector256(c), low);
            high = Avx.Add(Avx.LoadVector256(c + 8), high);
        }

        Avx.Store(c, low);
        Avx.Store(c + 8, high);
    }
}
