using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// The BLIS loop nest around a micro-kernel, for one block of C on one thread:
/// columns in slabs of <see cref="Nc"/>, k in blocks of at most <see cref="Kc"/> (B packed per block, kept in
/// L3/L2), rows in blocks of at most <see cref="Mc"/> (A packed per block, kept in L2), then Nr×Mr tiles.
/// The k blocking depends only on k, so every element of C is summed in the same order whatever block of
/// C a thread owns: results are bit-identical for any thread split.
/// </summary>
/// <typeparam name="TKernel">The micro-kernel; a struct so that this loop nest is specialised for it.</typeparam>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Nominal k block (B micro-panel kc×16 floats = 16 KiB stays in L1). Measured best here.</summary>
    private const int Kc = 256;

    /// <summary>
    /// Largest k block, allowed for short K (at most two such blocks) when it saves a whole block: K = 288 (a
    /// 3×3 convolution over 32 channels) then runs as one block instead of two, so C is read and written once
    /// instead of twice; the B micro-panel (320×16 floats = 20 KiB) still fits in L1. Long K keeps the measured
    /// <see cref="Kc"/>.
    /// </summary>
    private const int KcMax = 320;

    /// <summary>Largest row block (packed A 144×256 floats = 144 KiB stays in L2).</summary>
    private const int Mc = 144;

    /// <summary>Largest column slab (packed B up to 256×4096 floats = 4 MiB, in L3).</summary>
    private const int Nc = 4096;

    /// <summary>Computes the whole of <paramref name="op"/> on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands op)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        bool shortK = op.K <= 2 * KcMax && Blocks(op.K, KcMax) < Blocks(op.K, Kc);
        int kc = BalancedBlock(op.K, shortK ? KcMax : Kc, 1);
        int mc = BalancedBlock(op.M, Mc, mr);
        int nc = Math.Min(op.N, Nc);
        GemmWorkspace workspace = GemmWorkspace.Current;
        float* packedA = workspace.PackedA((RoundUp(mc, mr) * kc) + GemmPacking.Slack);
        float* packedB = workspace.PackedB((RoundUp(nc, nr) * kc) + GemmPacking.Slack);
        float* tile = stackalloc float[mr * nr];

        for (int jc = 0; jc < op.N; jc += nc)
        {
            int ncBlock = Math.Min(nc, op.N - jc);
            for (int pc = 0; pc < op.K; pc += kc)
            {
                int kcBlock = Math.Min(kc, op.K - pc);
                bool overwrite = pc == 0 && !op.Accumulate;
                PackB(op, pc, kcBlock, jc, ncBlock, packedB);
                for (int ic = 0; ic < op.M; ic += mc)
                {
                    int mcBlock = Math.Min(mc, op.M - ic);
                    PackA(op, ic, mcBlock, pc, kcBlock, packedA);
                    MacroKernel(op, packedA, packedB, ic, mcBlock, jc, ncBlock, kcBlock, overwrite, tile);
                }
            }
        }
    }

    /// <summary>All Mr×Nr tiles of one packed A block times one packed B slab.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel(
        in GemmOperands op, float* packedA, float* packedB,
        int ic, int mcBlock, int jc, int ncBlock, int kcBlock, bool overwrite, float* tile)
    {
        int mr = TKernel.Mr;
        int nr = TKernel.Nr;
        nint ldc = op.Ldc;
        for (int jr = 0; jr < ncBlock; jr += nr)
        {
            int columns = Math.Min(nr, ncBlock - jr);
            float* b = packedB + ((nint)jr * kcBlock);
            float* cColumn = op.C + ((ic * ldc) + jc + jr);
            for (int ir = 0; ir < mcBlock; ir += mr)
            {
                int rows = Math.Min(mr, mcBlock - ir);
                float* a = packedA + ((nint)ir * kcBlock);
                float* c = cColumn + (ir * ldc);
                if (rows == mr && columns == nr)
                {
                    TKernel.Run(kcBlock, a, b, c, ldc, overwrite);
                }
                else
                {
                    // Edge tile: compute the whole padded tile aside, then write only the part inside C.
                    TKernel.Run(kcBlock, a, b, tile, nr, overwrite: true);
                    WriteTile(tile, nr, c, ldc, rows, columns, overwrite);
                }
            }
        }
    }

    /// <summary>Stores (or adds) the valid rows×columns corner of an edge tile into C, a vector at a time where possible.</summary>
    private static void WriteTile(float* tile, int nr, float* c, nint ldc, int rows, int columns, bool overwrite)
    {
        for (int i = 0; i < rows; i++, c += ldc, tile += nr)
        {
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= columns; j += 8)
                {
                    Vector256<float> t = Vector256.Load(tile + j);
                    (overwrite ? t : Vector256.Load(c + j) + t).Store(c + j);
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                for (; j + 4 <= columns; j += 4)
                {
                    Vector128<float> t = Vector128.Load(tile + j);
                    (overwrite ? t : Vector128.Load(c + j) + t).Store(c + j);
                }
            }

            for (; j < columns; j++)
            {
                c[j] = overwrite ? tile[j] : c[j] + tile[j];
            }
        }
    }

    private static void PackA(in GemmOperands op, int ic, int mcBlock, int pc, int kcBlock, float* dst)
    {
        if (op.TransA)
        {
            GemmPacking.FromRows(op.A + ((pc * op.Lda) + ic), op.Lda, kcBlock, mcBlock, TKernel.Mr, dst);
        }
        else
        {
            GemmPacking.FromColumns(op.A + ((ic * op.Lda) + pc), op.Lda, kcBlock, mcBlock, TKernel.Mr, dst);
        }
    }

    private static void PackB(in GemmOperands op, int pc, int kcBlock, int jc, int ncBlock, float* dst)
    {
        if (op.TransB)
        {
            GemmPacking.FromColumns(op.B + ((jc * op.Ldb) + pc), op.Ldb, kcBlock, ncBlock, TKernel.Nr, dst);
        }
        else
        {
            GemmPacking.FromRows(op.B + ((pc * op.Ldb) + jc), op.Ldb, kcBlock, ncBlock, TKernel.Nr, dst);
        }
    }

    /// <summary>
    /// Splits <paramref name="extent"/> into the fewest blocks of at most <paramref name="max"/> and returns
    /// their (equal, rounded up to <paramref name="multiple"/>) size, so that no block is a tiny remainder.
    /// </summary>
    private static int BalancedBlock(int extent, int max, int multiple)
    {
        int blocks = Blocks(extent, max);
        return Math.Min(max, RoundUp((extent + blocks - 1) / blocks, multiple));
    }

    /// <summary>The fewest blocks of at most <paramref name="max"/> that cover <paramref name="extent"/> (at least 1).</summary>
    private static int Blocks(int extent, int max) => Math.Max(1, (extent + max - 1) / max);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
