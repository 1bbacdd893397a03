namespace Sprig.Kernels.Sparse;

/// <summary>Plain scalar twins of the sparse kernels: the test oracle.</summary>
public static class SparseReference
{
    /// <summary>The definition of <see cref="Spmm.Multiply(SparseRowPattern, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/>.</summary>
    public static void Spmm(SparseRowPattern a, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false)
    {
        ReadOnlySpan<int> pointers = a.RowPointers;
        ReadOnlySpan<int> indices = a.Indices;
        for (int r = 0; r < a.Rows; r++)
        {
            for (int j = 0; j < batch; j++)
            {
                float sum = accumulate ? c[(r * batch) + j] : 0f;
                for (int k = pointers[r]; k < pointers[r + 1]; k++)
                {
                    sum += values[k] * b[(indices[k] * batch) + j];
                }

                c[(r * batch) + j] = sum;
            }
        }
    }

    /// <summary>The definition of <see cref="Sddmm.Multiply(SparseRowPattern, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/>.</summary>
    public static void Sddmm(SparseRowPattern pattern, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> values, bool accumulate = false)
    {
        ReadOnlySpan<int> pointers = pattern.RowPointers;
        ReadOnlySpan<int> indices = pattern.Indices;
        for (int r = 0; r < pattern.Rows; r++)
        {
            for (int k = pointers[r]; k < pointers[r + 1]; k++)
            {
                float sum = 0f;
                for (int j = 0; j < batch; j++)
                {
                    sum += a[(r * batch) + j] * b[(indices[k] * batch) + j];
                }

                values[k] = accumulate ? values[k] + sum : sum;
            }
        }
    }
}
