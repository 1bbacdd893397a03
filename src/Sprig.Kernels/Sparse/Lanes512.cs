using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary>16 floats per vector (AVX-512 on x64).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    /// <remarks>Folds each vector to 8 lanes (upper half plus lower half), then <see cref="Lanes256.Sums8"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sums8(
        Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3, Vector512<float> s4, Vector512<float> s5, Vector512<float> s6, Vector512<float> s7, ref float destination, bool accumulate) =>
        Lanes256.Sums8(Fold(s0), Fold(s1), Fold(s2), Fold(s3), Fold(s4), Fold(s5), Fold(s6), Fold(s7), ref destination, accumulate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fold(Vector512<float> value) => value.GetLower() + value.GetUpper();
}
