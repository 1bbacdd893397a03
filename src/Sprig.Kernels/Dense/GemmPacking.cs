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

            // Interleave pairs of rows, then pairs of pairs, then swap 128-bit halves: column i of the
            // 8×8 block ends up in o_i.
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
            float* d = dst + ((nint)p * panel);
            Avx.Store(d, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(d + panel, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(d + (2 * panel), Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(d + (3 * panel), Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(d + (4 * panel), Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(d + (5 * panel), Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(d + (6 * panel), Avx.Permute2x128(s2, s6, 0x31));
            Avx.Store(d + (7 * panel), Avx.Permute2x128(s3, s7, 0x31));
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
