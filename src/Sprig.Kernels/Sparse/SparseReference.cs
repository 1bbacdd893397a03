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

    /// <summary>The definition of <see cref="NmSpmm.Multiply(NmPattern, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/>.</summary>
    public static void NmMultiply(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false)
    {
        for (int r = 0; r < w.Rows; r++)
        {
            for (int j = 0; j < batch; j++)
            {
                float sum = accumulate ? c[(r * batch) + j] : 0f;
                for (int k = r * w.Groups * w.N; k < (r + 1) * w.Groups * w.N; k++)
                {
                    sum += values[k] * b[(NmColumn(w, k) * batch) + j];
                }

                c[(r * batch) + j] = sum;
            }
        }
    }

    /// <summary>The definition of <see cref="NmSpmm.MultiplyTransposed(NmPattern, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, bool)"/>.</summary>
    public static void NmMultiplyTransposed(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false)
    {
        if (!accumulate)
        {
            c[..(w.Columns * batch)].Clear();
        }

        for (int k = 0; k < w.Count; k++)
        {
            int r = k / (w.Groups * w.N);
            for (int j = 0; j < batch; j++)
            {
                c[(NmColumn(w, k) * batch) + j] += values[k] * b[(r * batch) + j];
            }
        }
    }

    private static int NmColumn(NmPattern w, int k) => (k / w.N % w.Groups * w.M) + w.Offsets[k];
}
