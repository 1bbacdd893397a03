namespace Sprig.Kernels.Dense;

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = op(A)·op(B) + (accumulate ? C : 0)</c>.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = op(A)·op(B) + (accumulate ? C : 0)</c> where <c>op(A)</c> is m×k and <c>op(B)</c> is k×n.
    /// </summary>
    /// <param name="transA">Whether A is stored as k×m and read transposed.</param>
    /// <param name="transB">Whether B is stored as n×k and read transposed.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="a">A in row-major order with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="b">B in row-major order with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="c">C (m×n) with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate = false)
    {
        // Placeholder until the packed SIMD kernel lands: row-of-C times row-of-B AXPY form.
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (!accumulate)
            {
                row.Clear();
            }

            for (int p = 0; p < k; p++)
            {
                float av = transA == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                if (transB == Transpose.No)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), av, row, row);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += av * b[(j * ldb) + p];
                    }
                }
            }
        }
    }
}
