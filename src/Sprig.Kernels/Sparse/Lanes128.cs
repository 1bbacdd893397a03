using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary>4 floats per vector (SSE on x64, AdvSimd on Arm).</summary>
internal readonly struct Lanes128 : ILanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> value) => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sums8(Vector128<float> s0, Vector128<float> s1, Vector128<float> s2, Vector128<float> s3, Vector128<float> s4, Vector128<float> s5, Vector128<float> s6, Vector128<float> s7, ref float destination, bool accumulate)
    {
        Vector256<float> sums = Vector256.Create(Sum(s0), Sum(s1), Sum(s2), Sum(s3), Sum(s4), Sum(s5), Sum(s6), Sum(s7));
        (accumulate ? Vector256.LoadUnsafe(ref destination) + sums : sums).StoreUnsafe(ref destination);
    }
}
