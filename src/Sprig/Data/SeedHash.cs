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

    /// <summary>A well-mixed 64-bit value from two inputs (SplitMix64 finaliser over a combination).</summary>
    public static ulong Mix(ulong a, ulong b) => Finalize(a ^ Finalize(b + 0x9E3779B97F4A7C15UL));

    /// <summary>A well-mixed 64-bit value from three inputs.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    /// <summary>A well-mixed 64-bit value from four inputs.</summary>
    public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

    /// <summary>Output <paramref name="index"/> of the SplitMix64 generator started at state <paramref name="stream"/>.</summary>
    public static ulong SplitMix(ulong stream, ulong index) => Finalize(stream + ((index + 1) * 0x9E3779B97F4A7C15UL));

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
