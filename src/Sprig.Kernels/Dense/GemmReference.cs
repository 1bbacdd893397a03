namespace Sprig.Kernels.Dense;

/// <summary>
/// Scalar reference SGEMM: the test oracle for <see cref="Gemm"/>. Row-major storage throughout.
/// </summary>
public static class GemmReference
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
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // Accumulate in double so the oracle's own rounding error stays far below the tolerance.
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                    float bv = transB == Transpose.No ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    sum += (double)av * bv;
                }

                int ci = (i * ldc) + j;
                c[ci] = accumulate ? (float)(c[ci] + sum) : (float)sum;
            }
        }
    }
}
