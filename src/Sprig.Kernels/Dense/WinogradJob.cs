using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sprig.Kernels.Sparse;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Dense;

/// <summary>
/// One <c>Winograd.Convolve</c> call: the tile rows of the whole batch (image by image, top to bottom) are
/// cut into blocks of about <see cref="TargetTiles"/> tiles; per block, the input tiles are transformed into 36
/// matrices [C × tiles], multiplied by the 36 transformed filters [K × C] with <see cref="Gemm"/>, and the
/// products are transformed back into the output. Threads claim whole blocks, first come first served; the
/// blocks depend only on the shapes, so every output element is computed the same way whatever the thread count.
/// </summary>
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

    /// <summary>Widest vector (floats): slack after each row of tiles for the transforms' full-vector stores.</summary>
    private const int MaxLanes = 8;

    /// <summary>Scratch floats of one tile-row transform (<see cref="WinogradTiles{TVector, TLanes}"/>).</summary>
    private const int ScratchFloats = 40 * MaxLanes;

    [ThreadStatic]
    private static WinogradJob? s_job;

    [ThreadStatic]
    private static float[]? s_workspace;

    private WinogradGeometry _g;
    private float* _input;
    private float* _filter;
    private float* _bias;
    private float* _output;
    private int _rowsPerBlock;
    private int _blockCount;
    private int _nextBlock;

    /// <summary>Runs the convolution over up to <paramref name="threads"/> threads.</summary>
    public static void Run(in WinogradGeometry g, float* input, float* filter, float* bias, float* output, int threads)
    {
        int totalRows = g.Batch * g.TilesY;
        int rowsPerBlock = Math.Clamp(TargetTiles / g.TilesX, 1, totalRows);
        int blocks = (totalRows + rowsPerBlock - 1) / rowsPerBlock;
        long macs = (long)totalRows * g.TilesX * Points * g.InChannels * g.OutChannels;
        int parts = macs < Gemm.ParallelThresholdMacs ? 1 : Math.Min(threads, blocks);
        WinogradJob job = s_job ??= new WinogradJob();
        job._g = g;
        job._input = input;
        job._filter = filter;
        job._bias = bias;
        job._output = output;
        job._rowsPerBlock = rowsPerBlock;
        job._blockCount = blocks;
        job._nextBlock = 0;
        KernelWorkerPool.Shared.Run(job, parts);
        job._input = null;
        job._filter = null;
        job._bias = null;
        job._output = null;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        int block;
        while ((block = Interlocked.Increment(ref _nextBlock) - 1) < _blockCount)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                RunBlock<Vector256<float>, Lanes256>(block);
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                RunBlock<Vector128<float>, Lanes128>(block);
            }
            else
            {
                RunBlock<float, LanesScalar>(block);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunBlock<TVector, TLanes>(int block)
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
        float* scratch = stackalloc float[ScratchFloats];
        float* workspace = Workspace(transformed + products + (phaseRows * 4 * phaseLength));
        float* v = workspace;
        float* m = v + transformed;
        float* phases = m + products;
        nint vPointStride = (nint)g.InChannels * ld;
        nint mPointStride = (nint)g.OutChannels * ld;

        // Input tiles → V[point][c][tile], one image's share of the block at a time.
        for (int row = firstRow, t = 0; row < firstRow + rows;)
        {
            int image = row / g.TilesY;
            int ty0 = row - (image * g.TilesY);
            int count = Math.Min(g.TilesY - ty0, firstRow + rows - row);
            for (int c = 0; c < g.InChannels; c++)
            {
                float* plane = _input + ((((nint)image * g.InChannels) + c) * g.Height * g.Width);
                WinogradTiles<TVector, TLanes>.SplitPhases(
                    plane, g.Height, g.Width, g.Padding, (4 * ty0) - g.Padding, (4 * count) + 2, phases, phaseLength);
                for (int ty = 0; ty < count; ty++)
                {
                    WinogradTiles<TVector, TLanes>.TransformInput(
                        phases + (ty * 16 * phaseLength), phaseLength, g.TilesX,
                        v + ((nint)c * ld) + t + (ty * g.TilesX), vPointStride, scratch);
                }
            }

            row += count;
            t += count * g.TilesX;
        }

        // M[point] (K × tiles) = U[point] (K × C) · V[point] (C × tiles); this thread owns the block, so one thread each.
        nint filterPoint = (nint)g.OutChannels * g.InChannels;
        for (int p = 0; p < Points; p++)
        {
            Gemm.Multiply(
                Transpose.No, Transpose.No, g.OutChannels, tiles, g.InChannels,
                new ReadOnlySpan<float>(_filter + (p * filterPoint), (int)filterPoint), g.InChannels,
                new ReadOnlySpan<float>(v + (p * vPointStride), (int)vPointStride), ld,
                new Span<float>(m + (p * mPointStride), (int)mPointStride), ld, accumulate: false, threads: 1);
        }

        // Products → output planes.
        for (int row = firstRow, t = 0; row < firstRow + rows; row++, t += g.TilesX)
        {
            int image = row / g.TilesY;
            int ty = row - (image * g.TilesY);
            for (int k = 0; k < g.OutChannels; k++)
            {
                float* plane = _output + ((((nint)image * g.OutChannels) + k) * g.OutH * g.OutW);
                WinogradTiles<TVector, TLanes>.TransformOutput(
                    m + ((nint)k * ld) + t, mPointStride, g.TilesX, _bias is null ? 0f : _bias[k],
                    plane, g.OutH, g.OutW, 4 * ty, scratch);
            }
        }
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
}
