using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Copies a kc×width block of an operand into micro-panels of <c>panel</c> lanes: panel q holds, for each
/// p in 0..kc, the lanes q·panel .. q·panel+panel-1 contiguously (kc·panel floats per panel). Lanes past
/// <c>width</c> are zero, so micro-kernels always compute whole tiles. A is packed with panel = Mr (lanes are
/// rows of C), B with panel = Nr (lanes are columns of C).
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Floats past the end of a packed block that <see cref="FromColumns"/> may overwrite.</summary>
    public const int Slack = 8;

    /// <summary>
    /// Packs a block whose element (p, lane) is <c>src[p·ld + lane]</c> (lanes contiguous). Reads row by row
    /// across all panels so that the source is streamed sequentially.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromRows(float* src, nint ld, int kc, int width, int panel, float* dst)
    {
        int fullPanels = width / panel;
        int rest = width - (fullPanels * panel);
        nint panelStride = (nint)kc * panel;
        for (int p = 0; p < kc; p++, src += ld)
        {
            float* s = src;
            float* d = dst + ((nint)p * panel);
            for (int q = 0; q < fullPanels; q++, s += panel, d += panelStride)
            {
                Copy(s, d, panel);
            }

            if (rest > 0)
            {
                Copy(s, d, rest);
                for (int j = rest; j < panel; j++)
                {
                    d[j] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs a block whose element (p, lane) is <c>src[lane·ld + p]</c> (p contiguous): a transposing copy.
    /// With AVX, 8 lanes × 8 values of p are transposed in registers; a group narrower than 8 lanes (Mr = 6)
    /// stores whole vectors that overlap the next p's lanes, which that p then overwrites, so up to
    /// <see cref="Slack"/> floats past the last panel may be written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromColumns(float* src, nint ld, int kc, int width, int panel, float* dst)
    {
        nint panelStride = (nint)kc * panel;
        int vectorK = Avx.IsSupported && (panel < 8 || panel % 8 == 0) ? kc & ~7 : 0;
        for (int q0 = 0; q0 < width; q0 += panel, dst += panelStride)
        {
            int lanes = Math.Min(panel, width - q0);
            float* s = src + (q0 * ld);
            if (vectorK > 0)
            {
                for (int g = 0; g < panel; g += 8)
                {
                    TransposeGroup(s + (g * ld), ld, lanes - g, vectorK, panel, dst + g);
                }
            }

            for (int j = 0; j < panel; j++)
            {
                float* d = dst + j;
                for (int p = vectorK; p < kc; p++)
                {
                    d[p * panel] = j < lanes ? s[(j * ld) + p] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Transposes up to 8 source rows (lanes; rows from <paramref name="rows"/> on read as zero) over
    /// p in [0, <paramref name="kc"/>), kc a multiple of 8, into 8-float stores at <c>dst + p·panel</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeGroup(float* src, nint ld, int rows, int kc, int panel, float* dst)
    {
        for (int p = 0; p < kc; p += 8, src += 8)
        {
            Vector256<float> r0 = rows > 0 ? Avx.LoadVector256(src) : Vector256<float>.Zero;
            Vector256<float> r1 = rows > 1 ? Avx.LoadVector256(src + ld) : Vector256<float>.Zero;
            Vector256<float> r2 = rows > 2 ? Avx.LoadVector256(src + (2 * ld)) : Vector256<float>.Zero;
            Vector256<float> r3 = rows > 3 ? Avx.LoadVector256(src + (3 * ld)) : Vector256<float>.Zero;
            Vector256<float> r4 = rows > 4 ? Avx.LoadVector256(src + (4 * ld)) : Vector256<float>.Zero;
            Vector256<float> r5 = rows > 5 ? Avx.LoadVector256(src + (5 * ld)) : Vector256<float>.Zero;
            Vector256<float> r6 = rows > 6 ? Avx.LoadVector256(src + (6 * ld)) : Vector256<float>.Zero;
            Vector256<float> r7 = rows > 7 ? Avx.LoadVector256(src + (7 * ld)) : Vector256<float>.Zero;

            Avx8x8Transpose.InPlace(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
            float* d = dst + ((nint)p * panel);
            Avx.Store(d, r0);
            Avx.Store(d + panel, r1);
            Avx.Store(d + (2 * panel), r2);
            Avx.Store(d + (3 * panel), r3);
            Avx.Store(d + (4 * panel), r4);
            Avx.Store(d + (5 * panel), r5);
            Avx.Store(d + (6 * panel), r6);
            Avx.Store(d + (7 * panel), r7);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector256.Store(Vector256.Load(src + i), dst + i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= count; i += 4)
            {
                Vector128.Store(Vector128.Load(src + i), dst + i);
            }
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }
}
