using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sprig.Data;

namespace Sprig.Nn;

/// <summary>
/// The keep/drop scales of <see cref="Dropout"/>, from the SplitMix64 sequence that starts at a stream: output g gives
/// four 16-bit uniforms, for elements 4g … 4g+3 (low bits first), and an element survives when its uniform is at least
/// p·2¹⁶ (p is thus rounded up to a multiple of 2⁻¹⁶); survivors get 1/(1 − p), the rest 0.
/// </summary>
/// <remarks>
/// <see cref="Fill"/> hashes eight outputs at once in 64-bit lanes (32 elements) where 512-bit vectors run (the
/// 64-bit multiplies are emulated on narrower ones, not worth it) and finishes with <see cref="FillReference"/>, the
/// one-output-at-a-time loop, which is also the reference it is tested against. Both give the same scales bit for bit.
/// </remarks>
internal static class DropoutScales
{
    /// <summary>Fills <paramref name="scales"/> for dropout probability <paramref name="probability"/> from <paramref name="stream"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(Span<float> scales, ulong stream, float probability)
    {
        uint threshold = Threshold(probability);
        float keep = 1f / (1f - probability);
        int group = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var keepScale = Vector512.Create(keep);
            var limit = Vector512.Create(threshold);
            for (; (group + 8) * 4 <= scales.Length; group += 8)
            {
                Vector512<ulong> z = SeedHash.SplitMix8(stream, (ulong)group);
                (Vector512<uint> low, Vector512<uint> high) = Vector512.Widen(z.AsUInt16());
                ref float first = ref scales[group * 4];
                Vector512.ConditionalSelect(Vector512.LessThan(low, limit).AsSingle(), Vector512<float>.Zero, keepScale).StoreUnsafe(ref first);
                Vector512.ConditionalSelect(Vector512.LessThan(high, limit).AsSingle(), Vector512<float>.Zero, keepScale)
                    .StoreUnsafe(ref first, (nuint)Vector512<float>.Count);
            }
        }

        FillReference(scales, stream, probability, group);
    }

    /// <summary>The one-output-at-a-time fill of the elements from group <paramref name="firstGroup"/> (of four) on.</summary>
    public static void FillReference(Span<float> scales, ulong stream, float probability, int firstGroup = 0)
    {
        // choices[1] when the uniform is below the threshold (dropped): indexing instead of a branch, which would
        // mispredict on every p-th element.
        Span<float> choices = [1f / (1f - probability), 0f];
        uint threshold = Threshold(probability);
        for (int group = firstGroup; group * 4 < scales.Length; group++)
        {
            ulong bits = SeedHash.SplitMix(stream, (ulong)group);
            int end = Math.Min(scales.Length, (group * 4) + 4);
            for (int i = group * 4; i < end; i++, bits >>= 16)
            {
                scales[i] = choices[(int)(((uint)(bits & 0xFFFF) - threshold) >> 31)];
            }
        }
    }

    private static uint Threshold(float probability) => (uint)Math.Ceiling(probability * 65536.0);
}
