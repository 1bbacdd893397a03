using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

/// <summary>The thread splits every element-wise kernel is tested under: one thread, and tiny chunks over 2 and 3 threads.</summary>
internal static class Splits
{
    /// <summary>(threads, minimum chunk floats): the production split, and splits that cut even 7 items into chunks.</summary>
    public static readonly (int Threads, long MinChunkFloats)[] All =
    [
        (1, ElementwiseSplit.MinChunkFloats),
        (2, ElementwiseSplit.MinChunkFloats),
        (2, 1),
        (3, 1),
    ];

    /// <summary>Odd lengths, including 0, and one above the production threshold.</summary>
    public static TheoryData<int> Lengths => new() { 0, 1, 7, 33, 257, (int)(2 * ElementwiseSplit.MinChunkFloats) + 13 };
}
