using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Out-of-place transpose of a row-major matrix: <c>destination[j, i] = source[i, j]</c>. Moves activations between
/// the [batch, features] layout of the layers and the [features, batch] layout the sparse kernels stream along.
/// </summary>
/// <remarks>
/// Works in 8×8 blocks: with AVX, 8 rows are loaded and transposed in registers and stored as 8 rows; otherwise the
/// block is copied element by element. The block order matters: with a power-of-two row stride (e.g. 1024 floats)
/// every destination row maps to the same L1 set, and 16×16 tiles in row order measured 7× slower from conflict
/// misses. Edge rows and columns are copied element by element. Large transposes are split by row blocks (tall
/// sources) or column blocks (wide ones) over <see cref="KernelThreads.Count"/> threads: on two threads they were a
/// third of a 98%-sparse layer's step.
/// </remarks>
public static unsafe class MatrixTranspose
{
    private const int Block = 8;

    /// <summary>Source widths (in floats) whose rows are a multiple of 4 KiB apart.</summary>
    private const int AliasedColumns = 1024;

    /// <summary>Up to this many rows (a batch, typically) the aliased widths use the row-pair order.</summary>
    private const int AliasedRowsMax = 128;

    /// <summary>
    /// Elements below which a transpose stays on one thread. One thread against two, medians with the workers
    /// spinning: 128×160 1.4 against 2.1 µs, 128×300 3.7 against 3.5, 128×784 8.9 against 5.8 (a throwaway harness).
    /// </summary>
    private const long ParallelThresholdElements = 1L << 15;

    /// <summary>Row or column chunks per thread, each thread's run first (<see cref="ChunkQueue"/>).</summary>
    private const int ChunksPerThread = 4;

    [ThreadStatic]
    private static TransposeJob? s_job;

    /// <summary>Transposes the <paramref name="rows"/>×<paramref name="columns"/> <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Apply(int rows, int columns, ReadOnlySpan<float> source, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        long size = (long)rows * columns;
        if (source.Length < size || destination.Length < size)
        {
            throw new ArgumentException($"A {rows}×{columns} transpose needs {size} elements in both spans, got {source.Length} and {destination.Length}.");
        }

        if (source.Overlaps(destination))
        {
            throw new ArgumentException("The source and destination of a transpose must not overlap.", nameof(destination));
        }

        // Tall sources are cut by rows, so that each thread reads the rows it wrote in the kernel before (the sparse
        // kernels' outputs [features, batch] are split by rows the same way); wide ones by columns, so that each
        // thread writes the destination rows the next kernel's thread reads.
        bool byRows = rows > columns;
        int blocks = ((byRows ? rows : columns) + Block - 1) / Block;
        int chunks = size < ParallelThresholdElements || KernelThreads.Count <= 1 ? 1 : Math.Min(blocks, KernelThreads.Count * ChunksPerThread);
        fixed (float* src = source)
        fixed (float* dst = destination)
        {
            if (chunks <= 1)
            {
                Columns(src, dst, rows, rows, columns, 0, columns);
                return;
            }

            // The job leaves its slot while it runs, so that a nested transpose gets a job of its own.
            TransposeJob job = s_job ?? new TransposeJob();
            s_job = null;
            int parts = Math.Min(KernelThreads.Count, chunks);
            job.Set(src, dst, rows, columns, byRows, blocks, chunks, parts);
            KernelWorkerPool.Shared.Run(job, parts);
            s_job = job;
        }
    }

    /// <summary>
    /// Transposes source columns <paramref name="j0"/> .. <paramref name="j1"/>-1 (j0 a multiple of the block) of
    /// <paramref name="rows"/> source rows into a destination whose rows are <paramref name="ldDestination"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns(float* source, float* destination, int rows, int ldDestination, int columns, int j0, int j1)
    {
        ref float src = ref *source;
        ref float dst = ref *destination;
        int fullRows = rows - (rows % Block);
        int fullEnd = j0 + ((j1 - j0) / Block * Block);

        // Column blocks outside, row blocks inside: the destination rows of a block column are then written as
        // sequential streams, so each destination cache line is filled completely before it is evicted. When the
        // source rows are the longer stride, two blocks side by side use whole 64-byte source lines, which a
        // power-of-two stride would otherwise evict (all in one L1 set) before their second half is read; the other
        // way round pairs hurt (52 instead of 20 µs for 1024×128, an earlier measurement).
        int j = j0;
        if (columns % AliasedColumns == 0 && rows <= AliasedRowsMax)
        {
            // Source rows a multiple of 4 KiB apart share their low address bits, and two blocks side by side stall
            // on that. Two blocks one above the other fill 64-byte destination lines instead. One thread, two runs
            // each: 64×1024 33.8 → 9.5 µs, 128×1024 37.7 → 20–21, 128×2048 91 → 40–47, 128×4096 178–187 → 83–94.
            // The order loses for other widths (128×784 7.9 → 10.8 µs) and for more rows (256×1024 61 → 72,
            // 512×1024 123 → 180), which keep the side-by-side order.
            int i = 0;
            for (; i + (2 * Block) <= fullRows; i += 2 * Block)
            {
                for (int jj = j0; jj < fullEnd; jj += Block)
                {
                    TransposeBlock(ref src, columns, ref dst, ldDestination, i, jj);
                    TransposeBlock(ref src, columns, ref dst, ldDestination, i + Block, jj);
                }
            }

            for (; i < fullRows; i += Block)
            {
                for (int jj = j0; jj < fullEnd; jj += Block)
                {
                    TransposeBlock(ref src, columns, ref dst, ldDestination, i, jj);
                }
            }

            j = fullEnd;
        }

        for (; columns > rows && j + (2 * Block) <= fullEnd; j += 2 * Block)
        {
            for (int i = 0; i < fullRows; i += Block)
            {
                TransposeBlock(ref src, columns, ref dst, ldDestination, i, j);
                TransposeBlock(ref src, columns, ref dst, ldDestination, i, j + Block);
            }
        }

        for (; j < fullEnd; j += Block)
        {
            for (int i = 0; i < fullRows; i += Block)
            {
                TransposeBlock(ref src, columns, ref dst, ldDestination, i, j);
            }
        }

        Copy(ref src, columns, ref dst, ldDestination, 0, fullRows, fullEnd, j1);
        Copy(ref src, columns, ref dst, ldDestination, fullRows, rows, j0, j1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock(ref float src, int columns, ref float dst, int ldDestination, int i, int j)
    {
        if (Avx.IsSupported)
        {
            Transpose8x8Avx(ref Unsafe.Add(ref src, ((nint)i * columns) + j), columns, ref Unsafe.Add(ref dst, ((nint)j * ldDestination) + i), ldDestination);
        }
        else
        {
            Copy(ref src, columns, ref dst, ldDestination, i, i + Block, j, j + Block);
        }
    }

    private static void Copy(ref float src, int columns, ref float dst, int ldDestination, int i0, int i1, int j0, int j1)
    {
        for (int i = i0; i < i1; i++)
        {
            ref float row = ref Unsafe.Add(ref src, (nint)i * columns);
            for (int j = j0; j < j1; j++)
            {
                Unsafe.Add(ref dst, ((nint)j * ldDestination) + i) = Unsafe.Add(ref row, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8Avx(ref float src, int ldSrc, ref float dst, int ldDst)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref src);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref src, (nuint)ldSrc);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref src, (nuint)(2 * ldSrc));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref src, (nuint)(3 * ldSrc));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref src, (nuint)(4 * ldSrc));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref src, (nuint)(5 * ldSrc));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref src, (nuint)(6 * ldSrc));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref src, (nuint)(7 * ldSrc));

        Avx8x8Transpose.InPlace(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        r0.StoreUnsafe(ref dst);
        r1.StoreUnsafe(ref dst, (nuint)ldDst);
        r2.StoreUnsafe(ref dst, (nuint)(2 * ldDst));
        r3.StoreUnsafe(ref dst, (nuint)(3 * ldDst));
        r4.StoreUnsafe(ref dst, (nuint)(4 * ldDst));
        r5.StoreUnsafe(ref dst, (nuint)(5 * ldDst));
        r6.StoreUnsafe(ref dst, (nuint)(6 * ldDst));
        r7.StoreUnsafe(ref dst, (nuint)(7 * ldDst));
    }

    /// <summary>One parallel transpose: chunks of row or column blocks, each thread's own run first.</summary>
    private sealed class TransposeJob : IKernelWorkItem
    {
        private readonly ChunkQueue _queue = new();
        private float* _source;
        private float* _destination;
        private int _rows;
        private int _columns;
        private bool _byRows;
        private int _blocks;

        public void Set(float* source, float* destination, int rows, int columns, bool byRows, int blocks, int chunks, int parts)
        {
            _source = source;
            _destination = destination;
            _rows = rows;
            _columns = columns;
            _byRows = byRows;
            _blocks = blocks;
            _queue.Reset(chunks, parts);
        }

        public void Execute(int part)
        {
            while (_queue.TryTake(part, out int chunk))
            {
                int extent = _byRows ? _rows : _columns;
                int first = (int)((long)_blocks * chunk / _queue.Count) * Block;
                int end = Math.Min(extent, (int)((long)_blocks * (chunk + 1) / _queue.Count) * Block);
                if (_byRows)
                {
                    // Source rows first .. end-1 are destination columns first .. end-1.
                    Columns(_source + ((nint)first * _columns), _destination + first, end - first, _rows, _columns, 0, _columns);
                }
                else
                {
                    Columns(_source, _destination, _rows, _rows, _columns, first, end);
                }
            }
        }
    }
}
