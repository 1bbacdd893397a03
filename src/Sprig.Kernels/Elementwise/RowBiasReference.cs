namespace Sprig.Kernels.Elementwise;

/// <summary>Scalar reference for <see cref="RowBias"/>: the test oracle, written element by element.</summary>
public static class RowBiasReference
{
    /// <summary><c>matrix[i, j] = bias[j]</c>, or <c>+= bias[j]</c> when <paramref name="add"/>.</summary>
    public static void SetOrAdd(ReadOnlySpan<float> bias, Span<float> matrix, bool add)
    {
        for (int i = 0; i < matrix.Length; i++)
        {
            matrix[i] = add ? matrix[i] + bias[i % bias.Length] : bias[i % bias.Length];
        }
    }

    /// <summary><c>sums[j] += matrix[i, j]</c> for i = 0, 1, … in order.</summary>
    public static void AccumulateColumnSums(ReadOnlySpan<float> matrix, Span<float> sums)
    {
        for (int i = 0; i < matrix.Length; i++)
        {
            sums[i % sums.Length] += matrix[i];
        }
    }
}
