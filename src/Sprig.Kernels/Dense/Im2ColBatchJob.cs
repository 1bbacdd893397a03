using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Runs a batched unfold or fold with the images split over the kernel threads. Each image owns its slice of
/// the batch and its own column block, so parts never write the same memory. The batch is cut into one run of
/// neighbouring images per thread, claimed first come, first served (a worker that has not started by the time the
/// caller is done leaves its run to the caller).
/// </summary>
/// <remarks>
/// Whole runs keep the threads' writes apart: every row of the column matrix holds one block per image, and blocks of
/// neighbouring images written by different threads share cache lines. Claimed one image at a time (as before), two
/// threads were slower than one; a throwaway harness, medians, one thread / two threads claiming images / two threads
/// claiming halves: LeNet-5's second convolution (20 channels, 12×12, 5×5, 32 images) unfold 463 / 718 / 237–340 µs,
/// fold 489 / 624 / 274–349 µs; a ResNet-20 stage-3 convolution (64 channels, 8×8, 3×3, 32 images) unfold
/// 283 / 648 / 232–242 µs, fold 190 / 427 / 146–153 µs. Four runs per thread measured in between (385 and 288 µs
/// unfold).
/// </remarks>
internal sealed unsafe class Im2ColBatchJob : IKernelWorkItem
{
    /// <summary>Column-matrix floats below which a batch stays on one thread (the copy is memory bound and short).</summary>
    private const long ParallelThresholdFloats = 1 << 18;

    [ThreadStatic]
    private static Im2ColBatchJob? s_job;

    private float* _images;
    private float* _columns;
    private int _batch;
    private int _runImages;
    private int _nextRun;
    private Im2ColGeometry _geometry;
    private bool _fold;

    /// <summary>Unfolds all <paramref name="batch"/> images into the batched column matrix.</summary>
    public static void Unfold(ReadOnlySpan<float> images, Span<float> columns, int batch, in Im2ColGeometry geometry)
    {
        fixed (float* pImages = images)
        fixed (float* pColumns = columns)
        {
            Run(pImages, pColumns, batch, geometry, fold: false);
        }
    }

    /// <summary>Adds the batched column matrix back into all <paramref name="batch"/> images.</summary>
    public static void FoldAdd(ReadOnlySpan<float> columns, Span<float> images, int batch, in Im2ColGeometry geometry)
    {
        fixed (float* pImages = images)
        fixed (float* pColumns = columns)
        {
            Run(pImages, pColumns, batch, geometry, fold: true);
        }
    }

    private static void Run(float* images, float* columns, int batch, in Im2ColGeometry geometry, bool fold)
    {
        long floats = (long)batch * geometry.PlaneLength * geometry.Channels * geometry.KernelH * geometry.KernelW;
        if (floats == 0)
        {
            return;
        }

        int parts = floats < ParallelThresholdFloats ? 1 : Math.Min(KernelThreads.Count, batch);
        Im2ColBatchJob job = s_job ??= new Im2ColBatchJob();
        job._images = images;
        job._columns = columns;
        job._batch = batch;
        job._runImages = (batch + parts - 1) / parts;
        job._nextRun = 0;
        job._geometry = geometry;
        job._fold = fold;
        KernelWorkerPool.Shared.Run(job, parts);
        job._images = null;
        job._columns = null;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        Im2ColGeometry g = _geometry;
        int imageLength = g.ImageLength;
        int plane = g.PlaneLength;
        int ldColumns = _batch * plane;

        // An image's column block spans every row of the matrix: from its first column to the last row's end.
        int blockLength = (((g.Channels * g.KernelH * g.KernelW) - 1) * ldColumns) + plane;
        int maskLength = _fold ? Im2Col.KeepMaskLength(g) : 0;
        Span<uint> keep = maskLength > 0 ? stackalloc uint[maskLength] : default;
        if (maskLength > 0)
        {
            // Built once per thread and batch: it depends on the geometry only.
            Im2Col.FillKeepMask(g, keep);
        }
        int first;
        while ((first = (Interlocked.Increment(ref _nextRun) - 1) * _runImages) < _batch)
        {
            for (int n = first; n < Math.Min(_batch, first + _runImages); n++)
            {
                var image = new Span<float>(_images + ((nint)n * imageLength), imageLength);
                var columns = new Span<float>(_columns + ((nint)n * plane), blockLength);
                if (_fold)
                {
                    Im2Col.FoldAddImage(columns, ldColumns, g, image, keep);
                }
                else
                {
                    Im2Col.UnfoldImage(image, g, columns, ldColumns);
                }
            }
        }
    }
}
