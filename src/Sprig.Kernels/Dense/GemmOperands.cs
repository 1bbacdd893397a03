namespace Sprig.Kernels.Dense;

/// <summary>
/// One GEMM problem over pinned memory: <c>C = op(A)·op(B) + (Accumulate ? C : 0)</c>, op(A) m×k, op(B) k×n,
/// all row-major with explicit row strides. Passed by reference through the driver and the worker threads.
/// </summary>
internal readonly unsafe struct GemmOperands
{
    public GemmOperands(
        bool transA, bool transB, int m, int n, int k,
        float* a, nint lda, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        TransA = transA;
        TransB = transB;
        M = m;
        N = n;
        K = k;
        A = a;
        Lda = lda;
        B = b;
        Ldb = ldb;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
    }

    public bool TransA { get; }

    public bool TransB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float* A { get; }

    public nint Lda { get; }

    public float* B { get; }

    public nint Ldb { get; }

    public float* C { get; }

    public nint Ldc { get; }

    public bool Accumulate { get; }

    /// <summary>The sub-problem that computes rows [row0, row0+rows) × columns [col0, col0+cols) of C.</summary>
    public GemmOperands Block(int row0, int rows, int col0, int cols) => new(
        TransA, TransB, rows, cols, K,
        TransA ? A + row0 : A + (row0 * Lda), Lda,
        TransB ? B + (col0 * Ldb) : B + col0, Ldb,
        C + (row0 * Ldc) + col0, Ldc, Accumulate);
}
