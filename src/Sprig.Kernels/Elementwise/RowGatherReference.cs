namespace Sprig.Kernels.Elementwise;

/// <summary>Scalar reference for <see cref="RowGather"/>: the test oracle, element by element.</summary>
public static class RowGatherReference
{
    /// <summary><c>destination[i, k] = source[rows[i], k]</c>.</summary>
    public static void Gather(ReadOnlySpan<float> source, int rowLength, ReadOnlySpan<int> rows, Span<float> destination)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            for (int k = 0; k < rowLength; k++)
            {
                destination[(i * rowLength) + k] = source[(rows[i] * rowLength) + k];
            }
        }
    }
}
