using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sprig.Kernels.Sparse;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Dense;

/// <summary>
/// One <c>Winograd.Convolve</c> or <c>Winograd.AddWeightGradient</c> call. The tile rows of the whole batch (image by
/// image, top to bottom) are cut into blocks of about <see cref="TargetTiles"/> tiles; per block the input tiles are
/// transformed into 36 matrices V [C × tiles]. A convolution multiplies them by the 36 transformed filters
/// U [K × C] with <see cref="Gemm"/> and transforms the products back into the output. A weight gradient transforms
/// the output-gradient tiles into Z [K × tiles] and accumulates <c>S = Z·Vᵀ</c> [K × C] per point, then
/// <c>dW += Gᵀ·S·G</c>.
/// </summary>
/// <remarks>
/// Determinism: the blocks depend only on the shapes. Convolution threads claim whole blocks (each output element
/// is computed by one block). Weight-gradient blocks are summed in <see cref="GradientSlots"/> fixed runs of
/// consecutive blocks, each run by one thread in block order, and the runs are added in slot order at the end, so
/// the sums do not depend on the thread count either.
/// </remarks>
internal sealed unsafe class WinogradJob : IKernelWorkItem
{
    /// <summary>Points of a transformed tile (6×6).</summary>
    public const int Points = 36;

    /// <summary>
    /// Tiles per block: the block's transformed input and products, 36·(C + K)·tiles floats (1.7 MB for
    /// C = 32, K = 64), stay in this machine's 1 MB L2 plus the shared L3, while each of the 36 GEMMs is still
    /// wide enough (n = tiles) for the packed kernel.
    /// </summary>
    private const int TargetTiles = 128;

    /// <summary>
    /// Fixed runs of blocks whose weight-gradient sums are kept apart; threads claim runs, so more runs balance a
    /// thread that loses its core better, at 36·K·C floats of sums each (8 × 295 KB for K = 64, C = 32).
    /// </summary>
    private const int GradientSlots = 8;

    /// <summary>Widest vector (floats): slack after each row of tiles for the transforms' full-vector stores.</summary>
    private const int MaxLanes = 8;

    /// <summary>Scratch floats of one tile-row transform (<see cref="WinogradTiles{TVector, TLanes}"/>).</summary>
    private const int ScratchFloats = 40 * MaxLanes;

    [ThreadStatic]
    private static WinogradJob? s_job;

    [ThreadStatic]
    private static float[]? s_workspace;

    private float[] _sums = [];
    private WinogradGeometry _g;
    private float* _input;
    private float* _filter;
    private float* _bias;
    private float* _output;
    private bool _gradient;
    private int _rowsPerBlock;
    private int _blockCount;
    private int _slotCount;
    private int _next;

    /// <summary>Computes the convolution over up to <paramref name="threads"/> threads.</summary>
    public static void Convolve(in WinogradGeometry g, float* input, float* filter, float* bias, float* output, int threads)
    {
        WinogradJob job = s_job ??= new WinogradJob();
        int blocks = job.Prepare(g, input, output, gradient: false);
        job._filter = filter;
        job._bias = bias;
        job.RunParts(threads, blocks);
    }

    /// <summary>
    /// Adds the weight gradient [K, C, 3, 3] for output gradient <paramref name="outputGradient"/> [N, K, outH, outW]
    /// into <paramref name="weightGradient"/>, over up to <paramref name="threads"/> threads.
    /// </summary>
    public static void AddWeightGradient(in WinogradGeometry g, float* input, float* outputGradient, float* weightGradient, int threads)
    {
        WinogradJob job = s_job ??= new WinogradJob();
        int blocks = job.Prepare(g, input, outputGradient, gradient: true);
        int slots = Math.Min(GradientSlots, blocks);
        int sumLength = slots * Points * g.OutChannels * g.InChannels;
        if (job._sums.Length < sumLength)
        {
            job._sums = GC.AllocateUninitializedArray<float>(sumLength, pinned: true);
        }

        job._slotCount = slots;
        job.RunParts(threads, slots);

        // Slot 0 + slot 1 + …, then dW[k][c] += Gᵀ·S[k][c]·G.
        Span<float> sums = job._sums;
        int slotLength = Points * g.OutChannels * g.InChannels;
        for (int s = 1; s < slots; s++)
        {
            TensorPrimitives.Add(sums[..slotLength], sums.Slice(s * slotLength, slotLength), sums[..slotLength]);
        }

        WinogradFilter.AddGradient(sums[..slotLength], g.OutChannels, g.InChannels, new Span<float>(weightGradient, g.OutChannels * g.InChannels * 9));
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        int item;
        int count = _gradient ? _slotCount : _blockCount;
        while ((item = Interlocked.Increment(ref _next) - 1) < count)
        {
            // Always the widest vector: 4-float vectors for rows of at most four tiles (planes up to 16 wide), which
            // leave half of an 8-float vector idle, measured no faster (32→32 at 14×14, weight gradient slower).
            if (Vector256.IsHardwareAccelerated)
            {
                Run<Vector256<float>, Lanes256>(item);
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Run<Vector128<float>, Lanes128>(item);
            }
            else
            {
                Run<float, LanesScalar>(item);
            }
        }
    }

    /// <summary>Sets the shapes and blocks of a call; returns the number of blocks.</summary>
    private int Prepare(in WinogradGeometry g, float* input, float* output, bool gradient)
    {
        int totalRows = g.Batch * g.TilesY;
        _g = g;
        _input = input;
        _output = output;
        _gradient = gradient;
        _rowsPerBlock = Math.Clamp(TargetTiles / g.TilesX, 1, totalRows);
        _blockCount = (totalRows + _rowsPerBlock - 1) / _rowsPerBlock;
        _next = 0;
        return _blockCount;
    }

    private void RunParts(int threads, int items)
    {
        WinogradGeometry g = _g;
        long macs = (long)g.Batch * g.TilesY * g.TilesX * Points * g.InChannels * g.OutChannels;
        int parts = macs < Gemm.ParallelThresholdMacs ? 1 : Math.Min(threads, items);
        KernelWorkerPool.Shared.Run(this, parts);
        _input = null;
        _filter = null;
        _bias = null;
        _output = null;
    }

    /// <summary>Convolution block <paramref name="item"/>, or weight-gradient slot <paramref name="item"/>.</summary>
    private void Run<TVector, TLanes>(int item)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        if (!_gradient)
        {
            ConvolveBlock<TVector, TLanes>(item);
            return;
        }

        int first = item * _blockCount / _slotCount;
        int end = (item + 1) * _blockCount / _slotCount;
        for (int block = first; block < end; block++)
        {
            GradientBlock<TVector, TLanes>(block, item, accumulate: block > first);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvolveBlock<TVector, TLanes>(int block)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        WinogradGeometry g = _g;
        float* scratch = stackalloc float[ScratchFloats];
        BlockBuffers b = TransformInputBlock<TVector, TLanes>(block, scratch);

        // M[point] (K × tiles) = U[point] (K × C) · V[point] (C × tiles); this thread owns the block, so one thread each.
        nint filterPoint = (nint)g.OutChannels * g.InChannels;
        for (int p = 0; p < Points; p++)
        {
            Gemm.Multiply(
                Transpose.No, Transpose.No, g.OutChannels, b.Tiles, g.InChannels,
                new ReadOnlySpan<float>(_filter + (p * filterPoint), (int)filterPoint), g.InChannels,
                new ReadOnlySpan<float>(b.V + (p * b.VPointStride), (int)b.VPointStride), b.Ld,
                new Span<float>(b.M + (p * b.MPointStride), (int)b.MPointStride), b.Ld, accumulate: false, threads: 1);
        }

        // Products → output planes.
        for (int row = b.FirstRow, t = 0; row < b.FirstRow + b.Rows; row++, t += g.TilesX)
        {
            int image = row / g.TilesY;
            int ty = row - (image * g.TilesY);
            for (int k = 0; k < g.OutChannels; k++)
            {
                float* plane = _output + ((((nint)image * g.OutChannels) + k) * g.OutH * g.OutW);
                WinogradTiles<TVector, TLanes>.TransformOutput(
                    b.M + ((nint)k * b.Ld) + t, b.MPointStride, g.TilesX, _bias is null ? 0f : _bias[k],
                    plane, g.OutH, g.OutW, 4 * ty, scratch);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GradientBlock<TVector, TLanes>(int block, int slot, bool accumulate)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        WinogradGeometry g = _g;
        float* scratch = stackalloc float[ScratchFloats];
        BlockBuffers b = TransformInputBlock<TVector, TLanes>(block, scratch);

        // Output-gradient tiles → Z[point][k][tile] (in the products buffer), one image's share at a time.
        for (int row = b.FirstRow, t = 0; row < b.FirstRow + b.Rows;)
        {
            int image = row / g.TilesY;
            int ty0 = row - (image * g.TilesY);
            int count = Math.Min(g.TilesY - ty0, b.FirstRow + b.Rows - row);
            for (int k = 0; k < g.OutChannels; k++)
            {
                float* plane = _output + ((((nint)image * g.OutChannels) + k) * g.OutH * g.OutW);
                WinogradTiles<TVector, TLanes>.SplitPhases(plane, g.OutH, g.OutW, 0, 4 * ty0, 4 * count, b.Phases, b.PhaseLength);
                for (int ty = 0; ty < count; ty++)
                {
                    WinogradTiles<TVector, TLanes>.TransformOutputGradient(
                        b.Phases + (ty * 16 * b.PhaseLength), b.PhaseLength, g.TilesX,
                        b.M + ((nint)k * b.Ld) + t + (ty * g.TilesX), b.MPointStride, scratch);
                }
            }

            row += count;
            t += count * g.TilesX;
        }

        // S[slot][point] (K × C) (+)= Z[point] (K × tiles) · V[point]ᵀ.
        int pointLength = g.OutChannels * g.InChannels;
        fixed (float* sums = _sums)
        {
            float* s = sums + ((nint)slot * Points * pointLength);
            for (int p = 0; p < Points; p++)
            {
                Gemm.Multiply(
                    Transpose.No, Transpose.Yes, g.OutChannels, g.InChannels, b.Tiles,
                    new ReadOnlySpan<float>(b.M + (p * b.MPointStride), (int)b.MPointStride), b.Ld,
                    new ReadOnlySpan<float>(b.V + (p * b.VPointStride), (int)b.VPointStride), b.Ld,
                    new Span<float>(s + ((nint)p * pointLength), pointLength), g.InChannels, accumulate, threads: 1);
            }
        }
    }

    /// <summary>Lays out the calling thread's workspace for <paramref name="block"/> and fills V[point][c][tile] from the input.</summary>
    private BlockBuffers TransformInputBlock<TVector, TLanes>(int block, float* scratch)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        WinogradGeometry g = _g;
        int firstRow = block * _rowsPerBlock;
        int rows = Math.Min(_rowsPerBlock, (g.Batch * g.TilesY) - firstRow);
        int tiles = rows * g.TilesX;
        int ld = tiles + MaxLanes;
        int phaseLength = g.TilesX + MaxLanes;
        int phaseRows = (4 * Math.Min(rows, g.TilesY)) + 2;
        int transformed = Points * g.InChannels * ld;
        int products = Points * g.OutChannels * ld;
        float* v = Workspace(transformed + products + (phaseRows * 4 * phaseLength));
        var b = new BlockBuffers(firstRow, rows, tiles, ld, v, v + transformed, v + transformed + products, phaseLength, g.InChannels, g.OutChannels);

        for (int row = firstRow, t = 0; row < firstRow + rows;)
        {
            int image = row / g.TilesY;
            int ty0 = row - (image * g.TilesY);
            int count = Math.Min(g.TilesY - ty0, firstRow + rows - row);
            for (int c = 0; c < g.InChannels; c++)
            {
                float* plane = _input + ((((nint)image * g.InChannels) + c) * g.Height * g.Width);
                WinogradTiles<TVector, TLanes>.SplitPhases(
                    plane, g.Height, g.Width, g.Padding, (4 * ty0) - g.Padding, (4 * count) + 2, b.Phases, phaseLength);
                for (int ty = 0; ty < count; ty++)
                {
                    WinogradTiles<TVector, TLanes>.TransformInput(
                        b.Phases + (ty * 16 * phaseLength), phaseLength, g.TilesX,
                        v + ((nint)c * ld) + t + (ty * g.TilesX), b.VPointStride, scratch);
                }
            }

            row += count;
            t += count * g.TilesX;
        }

        return b;
    }

    /// <summary>The calling thread's workspace of at least <paramref name="length"/> floats (pinned, kept for reuse).</summary>
    private static float* Workspace(int length)
    {
        if (s_workspace is null || s_workspace.Length < length)
        {
            s_workspace = GC.AllocateUninitializedArray<float>(length, pinned: true);
        }

        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(s_workspace));
    }

    /// <summary>
    /// One block's tile rows and its workspace: V [36][C][ld], M (products, or Z) [36][K][ld], and the phase-split rows.
    /// Point p of matrix row r of tile t is at <c>V + p·VPointStride + r·Ld + t</c>.
    /// </summary>
    private readonly struct BlockBuffers(int firstRow, int rows, int tiles, int ld, float* v, float* m, float* phases, int phaseLength, int inChannels, int outChannels)
    {
        public int FirstRow { get; } = firstRow;

        public int Rows { get; } = rows;

        public int Tiles { get; } = tiles;

        public int Ld { get; } = ld;

        public float* V { get; } = v;

        public float* M { get; } = m;

        public float* Phases { get; } = phases;

        public int PhaseLength { get; } = phaseLength;

        public nint VPointStride { get; } = (nint)inChannels * ld;

        public nint MPointStride { get; } = (nint)outChannels * ld;
    }
}
