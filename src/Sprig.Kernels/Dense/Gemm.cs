namespace Sprig.Kernels.Dense;

/// <summary>
/// Single-precision matrix multiply, row-major: <c>C = op(A)·op(B) + (accumulate ? C : 0)</c>.
/// </summary>
/// <remarks>
/// A BLIS-style packed, cache-blocked SGEMM: operands are packed (transposes handled there) into panels
/// for a register-blocked micro-kernel (6×16 AVX2+FMA, else 4×8 Vector128, else 4×4 scalar). Products of
/// at least <see cref="ParallelThresholdMacs"/> multiply-adds are split over <see cref="KernelThreads.Count"/>
/// threads as disjoint blocks of C (the caller computes one block, dedicated workers the others); results are
/// bit-identical whatever the thread count. C must not overlap A or B. Safe to call from several threads at
/// once (a concurrent caller then runs single-threaded).
/// </remarks>
public static unsafe class Gemm
{
    /// <summary>Multiply-adds (m·n·k) from which a product is split over several threads.</summary>
    public const long ParallelThresholdMacs = GemmParallel.ParallelThresholdMacs;

    /// <summary>The micro-kernel this process uses, e.g. <c>avx2-fma 6x16</c>, <c>vector128 4x8</c> or <c>scalar 4x4</c>.</summary>
    public static string KernelDescription => GemmParallel.KernelDescription;

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
        Span<float> c, int ldc, bool accumulate = false) =>
        Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, bool accumulate, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        bool ta = transA == Transpose.Yes;
        bool tb = transB == Transpose.Yes;
        CheckOperand(a.Length, ta ? k : m, ta ? m : k, lda, nameof(a));
        CheckOperand(b.Length, tb ? n : k, tb ? k : n, ldb, nameof(b));
        CheckOperand(c.Length, m, n, ldc, nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (k == 0)
            {
                if (!accumulate)
                {
                    for (int i = 0; i < m; i++)
                    {
                        new Span<float>(pc + ((nint)i * ldc), n).Clear();
                    }
                }

                return;
            }

            var op = new GemmOperands(ta, tb, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            GemmParallel.Run(op, threads);
        }
    }

    private static void CheckOperand(int length, int rows, int columns, int ld, string name)
    {
        if (ld < Math.Max(1, columns))
        {
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} of {name} is smaller than its {columns} columns.");
        }

        if (rows > 0 && columns > 0 && length < ((long)(rows - 1) * ld) + columns)
        {
            throw new ArgumentException($"{name} has {length} elements; a {rows}×{columns} matrix with leading dimension {ld} needs {((long)(rows - 1) * ld) + columns}.", name);
        }
    }
}
