namespace Sprig.Kernels.Sparse;

/// <summary>
/// One SIMD width for the sparse kernels, so each kernel is written once and the JIT specialises it per width
/// (the implementing types are structs). <c>TVector</c> holds <see cref="Count"/> floats.
/// </summary>
internal interface ILanes<TVector>
    where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    public static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    public static abstract TVector Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    public static abstract TVector Broadcast(float value);

    /// <summary>Reads <see cref="Count"/> floats at <c>source + offset</c>.</summary>
    public static abstract TVector Load(ref float source, nuint offset);

    /// <summary>Writes <see cref="Count"/> floats at <c>destination + offset</c>.</summary>
    public static abstract void Store(TVector value, ref float destination, nuint offset);

    /// <summary><c>a + b</c> lane by lane.</summary>
    public static abstract TVector Add(TVector a, TVector b);

    /// <summary><c>a − b</c> lane by lane.</summary>
    public static abstract TVector Subtract(TVector a, TVector b);

    /// <summary><c>a·b</c> lane by lane.</summary>
    public static abstract TVector Multiply(TVector a, TVector b);

    /// <summary><c>a·b + c</c>, fused where the hardware has FMA.</summary>
    public static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>The sum of the lanes.</summary>
    public static abstract float Sum(TVector value);

    /// <summary>Writes the lane sums of eight vectors to <c>destination[0..7]</c> (adding to them when <paramref name="accumulate"/>).</summary>
    public static abstract void Sums8(TVector s0, TVector s1, TVector s2, TVector s3, TVector s4, TVector s5, TVector s6, TVector s7, ref float destination, bool accumulate);
}
