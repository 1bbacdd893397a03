using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Unfolds image patches into columns so that a convolution becomes one GEMM, and folds them back.
/// Layout: image is C×H×W; columns are (C·kh·kw)×(outH·outW), row-major, row <c>(c·kh + ky)·kw + kx</c>.
/// </summary>
/// <remarks>
/// Each (row, output row) pair is a run of outW values: the part that falls inside the image is copied
/// (a plain block copy for stride 1), the padded ends are zero. Large batches are split by image over
/// <see cref="KernelThreads.Count"/> threads (images and their column blocks are disjoint, so results do not
/// depend on the split). <see cref="Im2ColReference"/> is the oracle.
/// </remarks>
public static class Im2Col
{
    /// <summary>Output spatial size of a convolution along one axis.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding) =>
        ((input + (2 * padding) - kernel) / stride) + 1;

    /// <summary>Writes the patch matrix of one image into <paramref name="columns"/>; padded positions are 0.</summary>
    public static void Unfold(
        ReadOnlySpan<float> image, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> columns) =>
        UnfoldBatch(image, 1, channels, height, width, kernelH, kernelW, stride, padding, columns);

    /// <summary>Adds each column entry back into the image position it was read from (the adjoint of <see cref="Unfold"/>).</summary>
    public static void FoldAdd(
        ReadOnlySpan<float> columns, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> image) =>
        FoldAddBatch(columns, 1, channels, height, width, kernelH, kernelW, stride, padding, image);

    /// <summary>
    /// Unfolds a whole batch (N×C×H×W) into one matrix of (C·kh·kw) rows and N·outH·outW columns, column
    /// <c>n·outH·outW + oy·outW + ox</c>, so that a convolution layer's forward pass is a single GEMM
    /// <c>W(outC × C·kh·kw) · columns</c> (a wide N that keeps both cores busy), whose result is outC×(N·outH·outW).
    /// </summary>
    public static void UnfoldBatch(
        ReadOnlySpan<float> images, int batch, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> columns)
    {
        Im2ColGeometry g = Im2ColGeometry.Check(images.Length, columns.Length, batch, channels, height, width, kernelH, kernelW, stride, padding);
        Im2ColBatchJob.Unfold(images, columns, batch, g);
    }

    /// <summary>The adjoint of <see cref="UnfoldBatch"/>: adds every column entry back into its image position.</summary>
    public static void FoldAddBatch(
        ReadOnlySpan<float> columns, int batch, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> images)
    {
        Im2ColGeometry g = Im2ColGeometry.Check(images.Length, columns.Length, batch, channels, height, width, kernelH, kernelW, stride, padding);
        Im2ColBatchJob.FoldAdd(columns, images, batch, g);
    }

    /// <summary>Unfolds one image into its column block, whose rows are <paramref name="ldColumns"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UnfoldImage(ReadOnlySpan<float> image, in Im2ColGeometry g, Span<float> columns, int ldColumns)
    {
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int outW = g.OutW;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                for (int kx = 0; kx < g.KernelW; kx++, row++)
                {
                    (int lo, int hi) = g.InsideColumns(kx);
                    int ix0 = (lo * g.Stride) - g.Padding + kx;
                    for (int oy = 0; oy < g.OutH; oy++)
                    {
                        Span<float> dst = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref col, ((nint)row * ldColumns) + (oy * outW)), outW);
                        int iy = (oy * g.Stride) - g.Padding + ky;
                        if ((uint)iy >= (uint)g.Height || hi == lo)
                        {
                            dst.Clear();
                            continue;
                        }

                        ref float d = ref MemoryMarshal.GetReference(dst);
                        for (int ox = 0; ox < lo; ox++)
                        {
                            Unsafe.Add(ref d, ox) = 0f;
                        }

                        for (int ox = hi; ox < outW; ox++)
                        {
                            Unsafe.Add(ref d, ox) = 0f;
                        }

                        ref float src = ref Unsafe.Add(ref img, (((c * g.Height) + iy) * g.Width) + ix0);
                        if (g.Stride == 1)
                        {
                            CopyRun(ref Unsafe.Add(ref d, lo), ref src, hi - lo);
                        }
                        else
                        {
                            for (int ox = lo, s = 0; ox < hi; ox++, s += g.Stride)
                            {
                                Unsafe.Add(ref d, ox) = Unsafe.Add(ref src, s);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds one image's column block (rows <paramref name="ldColumns"/> apart) back into the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FoldAddImage(ReadOnlySpan<float> columns, int ldColumns, in Im2ColGeometry g, Span<float> image)
    {
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int outW = g.OutW;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                for (int kx = 0; kx < g.KernelW; kx++, row++)
                {
                    (int lo, int hi) = g.InsideColumns(kx);
                    int ix0 = (lo * g.Stride) - g.Padding + kx;
                    for (int oy = 0; oy < g.OutH; oy++)
                    {
                        int iy = (oy * g.Stride) - g.Padding + ky;
                        if ((uint)iy >= (uint)g.Height || hi == lo)
                        {
                            continue;
                        }

                        ref float src = ref Unsafe.Add(ref col, ((nint)row * ldColumns) + (oy * outW) + lo);
                        ref float dst = ref Unsafe.Add(ref img, (((c * g.Height) + iy) * g.Width) + ix0);
                        if (g.Stride == 1)
                        {
                            AddRun(ref dst, ref src, hi - lo);
                        }
                        else
                        {
                            for (int ox = 0, d = 0; ox < hi - lo; ox++, d += g.Stride)
                            {
                                Unsafe.Add(ref dst, d) += Unsafe.Add(ref src, ox);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>dst[i] = src[i]</c> for a run of one output row: inline vectors instead of a <c>Span.CopyTo</c> call,
    /// whose fixed cost dominated runs this short (a 3×3 unfold copies a few dozen floats per call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(ref float dst, ref float src, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    /// <summary>
    /// <c>dst[i] += src[i]</c> for a run of one output row (a few dozen floats): inline vectors instead of a
    /// <c>TensorPrimitives.Add</c> call, whose fixed cost dominated runs this short (the fold ran 5× slower than the unfold).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRun(ref float dst, ref float src, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                (Vector128.LoadUnsafe(ref dst, (nuint)i) + Vector128.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i);
        }
    }
}
