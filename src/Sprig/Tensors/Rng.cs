using System.Numerics;

namespace Sprig.Tensors;

/// <summary>
/// A small, fast, seedable random generator (xoshiro128**) whose whole state is four integers, so a checkpoint can
/// save it and a resumed run draws exactly the numbers the uninterrupted run would have drawn.
/// </summary>
public sealed class Rng
{
    private uint _s0;
    private uint _s1;
    private uint _s2;
    private uint _s3;
    private float _spareGaussian = float.NaN;

    /// <summary>Creates a generator from a seed (expanded with SplitMix64 so nearby seeds give unrelated streams).</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        ulong a = SplitMix(ref x);
        ulong b = SplitMix(ref x);
        _s0 = (uint)a;
        _s1 = (uint)(a >> 32);
        _s2 = (uint)b;
        _s3 = (uint)(b >> 32);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>A uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1f / (1 << 24));

    /// <summary>A uniform float in [low, high).</summary>
    public float Uniform(float low, float high) => low + ((high - low) * NextFloat());

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) without modulo bias.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), "Bound must be positive.");
        }

        // Lemire's multiply-shift with rejection.
        ulong m = (ulong)NextUInt() * (uint)bound;
        uint low = (uint)m;
        if (low < (uint)bound)
        {
            uint threshold = (uint)(-bound) % (uint)bound;
            while (low < threshold)
            {
                m = (ulong)NextUInt() * (uint)bound;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>A standard normal sample (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public float NextGaussian()
    {
        if (!float.IsNaN(_spareGaussian))
        {
            float spare = _spareGaussian;
            _spareGaussian = float.NaN;
            return spare;
        }

        double u1 = 1.0 - ((NextUInt() >> 8) * (1.0 / (1 << 24)));
        double u2 = (NextUInt() >> 8) * (1.0 / (1 << 24));
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = (float)(r * Math.Sin(2 * Math.PI * u2));
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A new generator seeded from this one, for an independent stream (e.g. per layer).</summary>
    public Rng Fork() => new(((ulong)NextUInt() << 32) | NextUInt());

    /// <summary>The full state, for checkpoints.</summary>
    public uint[] GetState() => [_s0, _s1, _s2, _s3, BitConverter.SingleToUInt32Bits(_spareGaussian)];

    /// <summary>Restores a state returned by <see cref="GetState"/>.</summary>
    public void SetState(ReadOnlySpan<uint> state)
    {
        if (state.Length != 5)
        {
            throw new SprigException($"random-generator state has {state.Length} words, expected 5");
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _spareGaussian = BitConverter.UInt32BitsToSingle(state[4]);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
