namespace Sprig.Kernels.Dense;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies one packed Mr×kc panel of A by one packed kc×Nr panel
/// of B and writes (or adds) the Mr×Nr result into C. Implemented by structs so that the driver
/// <see cref="GemmDriver{TKernel}"/> is specialised per kernel without virtual calls.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of C computed per call; A is packed in panels of this many rows.</summary>
    public static abstract int Mr { get; }

    /// <summary>Columns of C computed per call; B is packed in panels of this many columns.</summary>
    public static abstract int Nr { get; }

    /// <summary>
    /// <c>C[0..Mr, 0..Nr] (=|+=) Σ_p a[p·Mr + i]·b[p·Nr + j]</c>, summing p in increasing order for every element
    /// (the order every kernel and every thread split shares, so results never depend on the split).
    /// </summary>
    /// <param name="kc">Length of the shared dimension of this block.</param>
    /// <param name="a">Packed A panel: kc groups of Mr values.</param>
    /// <param name="b">Packed B panel: kc groups of Nr values.</param>
    /// <param name="c">Top-left element of the Mr×Nr tile of C.</param>
    /// <param name="ldc">Row stride of C in elements.</param>
    /// <param name="overwrite">Store the product instead of adding it to C.</param>
    public static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, bool overwrite);
}
