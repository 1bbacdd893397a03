namespace Sprig.Sparsity.Dst;

/// <summary>
/// Which weights have ever been active, for the in-time over-parameterization rate of Liu et al. (ITOP): the fraction
/// of all prunable weights a dynamic sparse run has explored. Saved as 32 bits per double so checkpoints stay small.
/// </summary>
internal sealed class ConnectionHistory
{
    private const int BitsPerWord = 32;

    private readonly uint[][] _seen;
    private readonly long _total;

    public ConnectionHistory(IReadOnlyList<PrunableWeight> layers)
    {
        _seen = new uint[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            _seen[l] = new uint[(layers[l].Length + BitsPerWord - 1) / BitsPerWord];
            _total += layers[l].Length;
        }
    }

    /// <summary>Fraction of all weights seen active so far.</summary>
    public double Rate { get; private set; }

    /// <summary>Marks every currently active weight as seen.</summary>
    public void Observe(IReadOnlyList<PrunableWeight> layers)
    {
        long seen = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            float[]? mask = layers[l].Parameter.Mask;
            uint[] words = _seen[l];
            for (int i = 0; i < layers[l].Length; i++)
            {
                if (mask is null || mask[i] != 0f)
                {
                    words[i / BitsPerWord] |= 1u << (i % BitsPerWord);
                }
            }

            foreach (uint word in words)
            {
                seen += System.Numerics.BitOperations.PopCount(word);
            }
        }

        Rate = _total == 0 ? 0 : (double)seen / _total;
    }

    /// <summary>The seen bits of layer <paramref name="layer"/>, one 32-bit word per double.</summary>
    public double[] Save(int layer) => Array.ConvertAll(_seen[layer], w => (double)w);

    /// <summary>Restores what <see cref="Save"/> returned; false when the length does not fit.</summary>
    public bool Load(int layer, double[] words)
    {
        if (words.Length != _seen[layer].Length)
        {
            return false;
        }

        for (int i = 0; i < words.Length; i++)
        {
            _seen[layer][i] = (uint)words[i];
        }

        return true;
    }
}
