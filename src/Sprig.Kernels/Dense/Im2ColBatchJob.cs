using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Runs a batched unfold or fold with the images split over the kernel threads. Each image owns its slice of
/// the batch and its own column block, so parts never write the same memory. Threads claim images first come,
/// first served: on a shared machine a thread that loses its core does not hold up the other.
/// </summary>
internal sealed unsafe class Im2ColBatchJob : IKernelWorkItem
{
    /// <summary>Column-matrix floats below which a batch stays on one thread (the copy is memory bound and short).</summary>
    private const long ParallelThresholdFloats = 1 << 18;

    [ThreadStatic]
    private static Im2ColBatchJob? s_job;

    private float* _images;
    private float* _columns;
    private int _batch;
    private int _nextImage;
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
        job._nextImage = 0;
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
        int n;
        while ((n = Interlocked.Increment(ref _nextImage) - 1) < _batch)
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
