using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary>One float per "vector": the path when hardware intrinsics are off.</summary>
internal readonly struct LanesScalar : ILanes<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, nuint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sums8(float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7, ref float destination, bool accumulate)
    {
        Vector256<float> sums = Vector256.Create(Sum(s0), Sum(s1), Sum(s2), Sum(s3), Sum(s4), Sum(s5), Sum(s6), Sum(s7));
        (accumulate ? Vector256.LoadUnsafe(ref destination) + sums : sums).StoreUnsafe(ref destination);
    }
}
