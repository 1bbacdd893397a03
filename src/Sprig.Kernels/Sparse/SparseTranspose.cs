using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// The transpose of a <see cref="SparseRowPattern"/> (its CSC structure read as CSR) and where each of its entries
/// came from, so a transposed value array is refreshed by a gather instead of being rebuilt.
/// </summary>
public sealed class SparseTranspose
{
    private readonly int[] _source;

    internal SparseTranspose(SparseRowPattern pattern, int[] source)
    {
        Pattern = pattern;
        _source = source;
    }

    /// <summary>The transposed pattern (columns×rows).</summary>
    public SparseRowPattern Pattern { get; }

    /// <summary>For entry k of <see cref="Pattern"/>, the entry of the original pattern that holds its value.</summary>
    public ReadOnlySpan<int> Source => _source;

    /// <summary>Fills the transpose's values from the original's: <c>transposed[k] = values[Source[k]]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GatherValues(ReadOnlySpan<float> values, Span<float> transposed)
    {
        if (values.Length != _source.Length || transposed.Length != _source.Length)
        {
            throw new ArgumentException($"Both value arrays must have {_source.Length} entries, got {values.Length} and {transposed.Length}.");
        }

        ref float from = ref MemoryMarshal.GetReference(values);
        ref float to = ref MemoryMarshal.GetReference(transposed);
        ref int source = ref MemoryMarshal.GetArrayDataReference(_source);
        int count = _source.Length; // a local: the loop re-read the field and its length after every store
        for (int k = 0; k < count; k++)
        {
            Unsafe.Add(ref to, k) = Unsafe.Add(ref from, Unsafe.Add(ref source, k));
        }
    }
}
