using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The stride-4 (de)interleaves around the Winograd transforms, with x86 shuffles: a row of groups of four floats
/// <c>g0 g1 … g7</c> (one group per tile) to and from four vectors <c>q</c> holding <c>g0[q] g1[q] …</c>
/// (one lane per tile). Each is a 4×4 transpose per 128-bit lane (plus a lane swap for 8 floats).
/// </summary>
internal static unsafe class WinogradShuffles
{
    /// <summary>
    /// Splits 32 floats at <paramref name="source"/> into <c>destination[q·stride + l] = source[4l + q]</c>
    /// for q &lt; 4, l &lt; 8. Needs AVX.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave8(float* source, float* destination, nint stride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + 8);
        Vector256<float> r2 = Avx.LoadVector256(source + 16);
        Vector256<float> r3 = Avx.LoadVector256(source + 24);

        // [g0 g4], [g1 g5], [g2 g6], [g3 g7]: then a 4×4 transpose in each 128-bit lane.
        Vector256<float> a = Avx.Permute2x128(r0, r2, 0x20);
        Vector256<float> b = Avx.Permute2x128(r0, r2, 0x31);
        Vector256<float> c = Avx.Permute2x128(r1, r3, 0x20);
        Vector256<float> d = Avx.Permute2x128(r1, r3, 0x31);
        Transpose4(ref a, ref b, ref c, ref d);
        Avx.Store(destination, a);
        Avx.Store(destination + stride, b);
        Avx.Store(destination + (2 * stride), c);
        Avx.Store(destination + (3 * stride), d);
    }

    /// <summary>
    /// The inverse of <see cref="Deinterleave8"/> for one tile row: <c>destination[4l + q] = source[q·stride + l]</c>
    /// for the first <paramref name="count"/> floats (4l + q &lt; count ≤ 32). Needs AVX.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave8(float* source, nint stride, float* destination, int count)
    {
        Vector256<float> a = Avx.LoadVector256(source);
        Vector256<float> b = Avx.LoadVector256(source + stride);
        Vector256<float> c = Avx.LoadVector256(source + (2 * stride));
        Vector256<float> d = Avx.LoadVector256(source + (3 * stride));
        Transpose4(ref a, ref b, ref c, ref d);

        // Now a = [g0 g4], b = [g1 g5], c = [g2 g6], d = [g3 g7].
        Store(Avx.Permute2x128(a, b, 0x20), destination, count);
        Store(Avx.Permute2x128(c, d, 0x20), destination + 8, count - 8);
        Store(Avx.Permute2x128(a, b, 0x31), destination + 16, count - 16);
        Store(Avx.Permute2x128(c, d, 0x31), destination + 24, count - 24);
    }

    /// <summary>Splits 16 floats: <c>destination[q·stride + l] = source[4l + q]</c> for q, l &lt; 4. Needs SSE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave4(float* source, float* destination, nint stride)
    {
        Vector128<float> a = Sse.LoadVector128(source);
        Vector128<float> b = Sse.LoadVector128(source + 4);
        Vector128<float> c = Sse.LoadVector128(source + 8);
        Vector128<float> d = Sse.LoadVector128(source + 12);
        Transpose4(ref a, ref b, ref c, ref d);
        Sse.Store(destination, a);
        Sse.Store(destination + stride, b);
        Sse.Store(destination + (2 * stride), c);
        Sse.Store(destination + (3 * stride), d);
    }

    /// <summary>The inverse of <see cref="Deinterleave4"/> for the first <paramref name="count"/> floats (≤ 16). Needs SSE.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interleave4(float* source, nint stride, float* destination, int count)
    {
        Vector128<float> a = Sse.LoadVector128(source);
        Vector128<float> b = Sse.LoadVector128(source + stride);
        Vector128<float> c = Sse.LoadVector128(source + (2 * stride));
        Vector128<float> d = Sse.LoadVector128(source + (3 * stride));
        Transpose4(ref a, ref b, ref c, ref d);
        Store(a, destination, count);
        Store(b, destination + 4, count - 4);
        Store(c, destination + 8, count - 8);
        Store(d, destination + 12, count - 12);
    }

    /// <summary>Transposes the 4×4 matrix whose rows are a, b, c, d, in each 128-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector256<float> a, ref Vector256<float> b, ref Vector256<float> c, ref Vector256<float> d)
    {
        Vector256<double> t0 = Avx.UnpackLow(a, b).AsDouble();
        Vector256<double> t1 = Avx.UnpackHigh(a, b).AsDouble();
        Vector256<double> t2 = Avx.UnpackLow(c, d).AsDouble();
        Vector256<double> t3 = Avx.UnpackHigh(c, d).AsDouble();
        a = Avx.UnpackLow(t0, t2).AsSingle();
        b = Avx.UnpackHigh(t0, t2).AsSingle();
        c = Avx.UnpackLow(t1, t3).AsSingle();
        d = Avx.UnpackHigh(t1, t3).AsSingle();
    }

    /// <summary>Transposes the 4×4 matrix whose rows are a, b, c, d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref Vector128<float> a, ref Vector128<float> b, ref Vector128<float> c, ref Vector128<float> d)
    {
        Vector128<float> t0 = Sse.UnpackLow(a, b);
        Vector128<float> t1 = Sse.UnpackHigh(a, b);
        Vector128<float> t2 = Sse.UnpackLow(c, d);
        Vector128<float> t3 = Sse.UnpackHigh(c, d);
        a = Sse.MoveLowToHigh(t0, t2);
        b = Sse.MoveHighToLow(t2, t0);
        c = Sse.MoveLowToHigh(t1, t3);
        d = Sse.MoveHighToLow(t3, t1);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="value"/> (all if count ≥ 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> value, float* destination, int count)
    {
        if (count >= 8)
        {
            Avx.Store(destination, value);
            return;
        }

        Store(value.GetLower(), destination, count);
        Store(value.GetUpper(), destination + 4, count - 4);
    }

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="value"/> (all if count ≥ 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<float> value, float* destination, int count)
    {
        if (count >= 4)
        {
            Sse.Store(destination, value);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            destination[i] = value.GetElement(i);
        }
    }
}
