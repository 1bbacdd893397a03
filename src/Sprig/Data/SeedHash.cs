using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Data;

/// <summary>
/// Stateless mixing of seeds with counters (epoch, sample index, stream tag). Data randomness is derived from such
/// hashes instead of a running generator, so any batch of any epoch can be reproduced without saved loader state.
/// </summary>
internal static class SeedHash
{
    /// <summary>Stream tag for the per-epoch shuffle order.</summary>
    public const ulong ShuffleStream = 0x53485546464C45UL;

    /// <summary>Stream tag for per-sample augmentation draws.</summary>
    public const ulong AugmentStream = 0x4155474D454E54UL;

    /// <summary>Stream tag for the validation split.</summary>
    public const ulong SplitStream = 0x53504C4954UL;

    /// <summary>Stream tag for synthetic data.</summary>
    public const ulong SyntheticStream = 0x53594E5448UL;

    // SplitMix64's increment (2⁶⁴ over the golden ratio) and its finaliser's two multipliers.
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Multiplier1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Multiplier2 = 0x94D049BB133111EBUL;

    /// <summary>A well-mixed 64-bit value from two inputs (SplitMix64 finaliser over a combination).</summary>
    public static ulong Mix(ulong a, ulong b) => Finalize(a ^ Finalize(b + Golden));

    /// <summary>A well-mixed 64-bit value from three inputs.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    /// <summary>A well-mixed 64-bit value from four inputs.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

    /// <summary>Output <paramref name="index"/> of the SplitMix64 generator started at state <paramref name="stream"/>.</summary>
    public static ulong SplitMix(ulong stream, ulong index) => Finalize(stream + ((index + 1) * Golden));

    /// <summary>Outputs <paramref name="index"/> … <paramref name="index"/>+7 of <see cref="SplitMix"/>, one per 64-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SplitMix8(ulong stream, ulong index)
    {
        Vector512<ulong> lanes = Vector512.Create(1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL, 8UL);
        Vector512<ulong> z = Vector512.Create(stream) + ((Vector512.Create(index) + lanes) * Golden);
        z = (z ^ (z >> 30)) * Multiplier1;
        z = (z ^ (z >> 27)) * Multiplier2;
        return z ^ (z >> 31);
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * Multiplier1;
        z = (z ^ (z >> 27)) * Multiplier2;
        return z ^ (z >> 31);
    }
}
