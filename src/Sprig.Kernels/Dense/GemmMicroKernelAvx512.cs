using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The AVX-512 micro-kernel: an 8×32 tile of C in 16 zmm accumulators (two 16-lane vectors per row); each k step
/// loads two B vectors, broadcasts eight A values and issues 16 FMAs. On cores with full-width 512-bit FMA units
/// it does twice the work per instruction of <see cref="GemmMicroKernelAvx2"/>. The k loop is unrolled ×4 (the JIT
/// does not unroll); the step is inlined, so the accumulators stay in registers.
/// </summary>
internal readonly unsafe struct GemmMicroKernelAvx512 : IGemmMicroKernel
{
    /// <summary>Whether this kernel can run on this machine.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    public static int Mr => 8;

    public static int Nr => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, bool overwrite)
    {
        // Start fetching the C tile now; it is read only after the k loop.
        for (int r = 0; r < 8; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + 31);
        }

        Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
        Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
        Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
        Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
        Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
        Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
        Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
        Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
        int p = 0;
        for (; p + 4 <= kc; p += 4, a += 4 * Mr, b += 4 * Nr)
        {
            Step(a, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
            Step(a + Mr, b + Nr, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
            Step(a + (2 * Mr), b + (2 * Nr), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
            Step(a + (3 * Mr), b + (3 * Nr), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
        }

        for (; p < kc; p++, a += Mr, b += Nr)
        {
            Step(a, b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71);
        }

        Store(c00, c01, c + (0 * ldc), overwrite);
        Store(c10, c11, c + (1 * ldc), overwrite);
        Store(c20, c21, c + (2 * ldc), overwrite);
        Store(c30, c31, c + (3 * ldc), overwrite);
        Store(c40, c41, c + (4 * ldc), overwrite);
        Store(c50, c51, c + (5 * ldc), overwrite);
        Store(c60, c61, c + (6 * ldc), overwrite);
        Store(c70, c71, c + (7 * ldc), overwrite);
    }

    /// <summary>One k step: C += a[0..8]ᵀ · b[0..32].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(float* a, float* b, ref Vector512<float> c00, ref Vector512<float> c01, ref Vector512<float> c10, ref Vector512<float> c11, ref Vector512<float> c20, ref Vector512<float> c21, ref Vector512<float> c30, ref Vector512<float> c31, ref Vector512<float> c40, ref Vector512<float> c41, ref Vector512<float> c50, ref Vector512<float> c51, ref Vector512<float> c60, ref Vector512<float> c61, ref Vector512<float> c70, ref Vector512<float> c71)
    {
        Vector512<float> b0 = Vector512.Load(b);
        Vector512<float> b1 = Vector512.Load(b + 16);
        Vector512<float> ar;
        ar = Vector512.Create(a[0]);
        c00 = Avx512F.FusedMultiplyAdd(ar, b0, c00);
        c01 = Avx512F.FusedMultiplyAdd(ar, b1, c01);
        ar = Vector512.Create(a[1]);
        c10 = Avx512F.FusedMultiplyAdd(ar, b0, c10);
        c11 = Avx512F.FusedMultiplyAdd(ar, b1, c11);
        ar = Vector512.Create(a[2]);
        c20 = Avx512F.FusedMultiplyAdd(ar, b0, c20);
        c21 = Avx512F.FusedMultiplyAdd(ar, b1, c21);
        ar = Vector512.Create(a[3]);
        c30 = Avx512F.FusedMultiplyAdd(ar, b0, c30);
        c31 = Avx512F.FusedMultiplyAdd(ar, b1, c31);
        ar = Vector512.Create(a[4]);
        c40 = Avx512F.FusedMultiplyAdd(ar, b0, c40);
        c41 = Avx512F.FusedMultiplyAdd(ar, b1, c41);
        ar = Vector512.Create(a[5]);
        c50 = Avx512F.FusedMultiplyAdd(ar, b0, c50);
        c51 = Avx512F.FusedMultiplyAdd(ar, b1, c51);
        ar = Vector512.Create(a[6]);
        c60 = Avx512F.FusedMultiplyAdd(ar, b0, c60);
        c61 = Avx512F.FusedMultiplyAdd(ar, b1, c61);
        ar = Vector512.Create(a[7]);
        c70 = Avx512F.FusedMultiplyAdd(ar, b0, c70);
        c71 = Avx512F.FusedMultiplyAdd(ar, b1, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> low, Vector512<float> high, float* c, bool overwrite)
    {
        if (!overwrite)
        {
            low += Vector512.Load(c);
            high += Vector512.Load(c + 16);
        }

        low.Store(c);
        high.Store(c + 16);
    }
}
