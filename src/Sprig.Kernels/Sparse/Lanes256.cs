using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Sparse;

/// <summary>8 floats per vector (AVX2 on x64).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    /// <remarks>A horizontal-add tree: 6 hadds, 2 lane permutes and an add for all eight sums.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sums8(
        Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3, Vector256<float> s4, Vector256<float> s5, Vector256<float> s6, Vector256<float> s7, ref float destination, bool accumulate)
    {
        Vector256<float> sums;
        if (Avx.IsSupported)
        {
            // Per 128-bit half, u0 holds [Σs0, Σs1, Σs2, Σs3] over that half's lanes, u1 the same for s4..s7.
            Vector256<float> u0 = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
            Vector256<float> u1 = Avx.HorizontalAdd(Avx.HorizontalAdd(s4, s5), Avx.HorizontalAdd(s6, s7));
            sums = Avx.Permute2x128(u0, u1, 0x20) + Avx.Permute2x128(u0, u1, 0x31);
        }
        else
        {
            sums = Vector256.Create(Sum(s0), Sum(s1), Sum(s2), Sum(s3), Sum(s4), Sum(s5), Sum(s6), Sum(s7));
        }

        (accumulate ? Vector256.LoadUnsafe(ref destination) + sums : sums).StoreUnsafe(ref destination);
    }
}
