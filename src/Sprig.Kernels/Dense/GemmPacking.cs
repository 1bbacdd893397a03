using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Copies a kc×width block of an operand into micro-panels of <c>panel</c> lanes: panel q holds, for each
/// p in 0..kc, the lanes q·panel .. q·panel+panel-1 contiguously (kc·panel floats per panel). Lanes past
/// <c>width</c> are zero, so micro-kernels always compute whole tiles. A is packed with panel = Mr (lanes are
/// rows of C), B with panel = Nr (lanes are columns of C).
/// </summary>
internal static unsafe class GemmPacking
{
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

    /// <summary>Packs a block whose element (p, lane) is <c>src[lane·ld + p]</c> (p contiguous): a transposing copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromColumns(float* src, nint ld, int kc, int width, int panel, float* dst)
    {
        nint panelStride = (nint)kc * panel;
        for (int q0 = 0; q0 < width; q0 += panel, dst += panelStride)
        {
            int lanes = Math.Min(panel, width - q0);
            for (int j = 0; j < lanes; j++)
            {
                float* s = src + ((q0 + j) * ld);
                float* d = dst + j;
                for (int p = 0; p < kc; p++, d += panel)
                {
                    *d = s[p];
                }
            }

            for (int j = lanes; j < panel; j++)
            {
                float* d = dst + j;
                for (int p = 0; p < kc; p++, d += panel)
                {
                    *d = 0f;
                }
            }
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
