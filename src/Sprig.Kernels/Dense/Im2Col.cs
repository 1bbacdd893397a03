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
    // Largest keep mask (kernel width × output plane) the same-width fold puts on the stack: 16 KB.
    private const int MaxKeepMask = 4096;

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
        if (g.Stride == 1 && g.OutW == g.Width)
        {
            UnfoldImageSameWidth(image, g, columns, ldColumns);
            return;
        }

        // The geometry in locals: read through the `in` reference, its fields were reloaded for every run.
        int channels = g.Channels, height = g.Height, width = g.Width, kernelH = g.KernelH, kernelW = g.KernelW;
        int stride = g.Stride, padding = g.Padding, outH = g.OutH, outW = g.OutW;
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    (int lo, int hi) = g.InsideColumns(kx);
                    int ix0 = (lo * stride) - padding + kx;
                    ref float rowStart = ref Unsafe.Add(ref col, (nint)row * ldColumns);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        ref float d = ref Unsafe.Add(ref rowStart, oy * outW);
                        int iy = (oy * stride) - padding + ky;
                        if ((uint)iy >= (uint)height || hi == lo)
                        {
                            MemoryMarshal.CreateSpan(ref d, outW).Clear();
                            continue;
                        }

                        for (int ox = 0; ox < lo; ox++)
                        {
                            Unsafe.Add(ref d, ox) = 0f;
                        }

                        for (int ox = hi; ox < outW; ox++)
                        {
                            Unsafe.Add(ref d, ox) = 0f;
                        }

                        ref float src = ref Unsafe.Add(ref img, (((c * height) + iy) * width) + ix0);
                        if (stride == 1)
                        {
                            CopyRun(ref Unsafe.Add(ref d, lo), ref src, hi - lo);
                        }
                        else
                        {
                            for (int ox = lo, x = 0; ox < hi; ox++, x += stride)
                            {
                                Unsafe.Add(ref d, ox) = Unsafe.Add(ref src, x);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="UnfoldImage"/> for stride 1 with the output as wide as the input ("same" padding across): each
    /// (channel, ky, kx) row is the input plane shifted by whole rows and by kx − padding columns, so it is one flat
    /// copy of all its valid output rows, after which the columns that wrapped around a row edge are zeroed. On the
    /// 7×7 and 14×14 planes of late ResNet stages this replaces one short copy per output row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnfoldImageSameWidth(ReadOnlySpan<float> image, in Im2ColGeometry g, Span<float> columns, int ldColumns)
    {
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int width = g.Width;
        int planeIn = g.Height * width;
        int planeOut = g.OutH * width;
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ref float plane = ref Unsafe.Add(ref img, (nint)c * planeIn);
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                for (int kx = 0; kx < g.KernelW; kx++, row++)
                {
                    var run = SameWidthRun.Of(g, ky, kx);
                    Span<float> dst = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref col, (nint)row * ldColumns), planeOut);
                    dst[..(run.OyLo * width)].Clear();
                    dst[(run.OyHi * width)..].Clear();
                    if (run.Length > 0)
                    {
                        CopyRun(ref dst[run.Target], ref Unsafe.Add(ref plane, run.Source), run.Length);
                    }

                    int shift = kx - g.Padding;
                    int wrapped = Math.Min(Math.Abs(shift), width);
                    int first = shift < 0 ? 0 : width - wrapped;
                    for (int oy = run.OyLo; wrapped > 0 && oy < run.OyHi; oy++)
                    {
                        dst.Slice((oy * width) + first, wrapped).Clear();
                    }
                }
            }
        }
    }

    /// <summary>
    /// The length of the keep mask that <see cref="FoldAddImage"/> needs for geometry <paramref name="g"/> (kernel width
    /// × output plane), or 0 when the layer is not stride-1 same-width or the mask would not fit on the stack.
    /// </summary>
    internal static int KeepMaskLength(in Im2ColGeometry g) =>
        g.Stride == 1 && g.OutW == g.Width && g.KernelW * g.PlaneLength <= MaxKeepMask ? g.KernelW * g.PlaneLength : 0;

    /// <summary>
    /// Fills the keep mask of a same-width fold: entry (kx, oy, ox) is all ones when input column ox + kx − padding
    /// lies inside the row, else zero. It depends on the geometry only, so a batch builds it once.
    /// </summary>
    internal static void FillKeepMask(in Im2ColGeometry g, Span<uint> keep)
    {
        int i = 0;
        for (int kx = 0; kx < g.KernelW; kx++)
        {
            for (int oy = 0; oy < g.OutH; oy++)
            {
                for (int ox = 0; ox < g.OutW; ox++, i++)
                {
                    keep[i] = (uint)(ox + kx - g.Padding) < (uint)g.Width ? uint.MaxValue : 0u;
                }
            }
        }
    }

    /// <summary>
    /// Adds one image's column block (rows <paramref name="ldColumns"/> apart) back into the image. A non-empty
    /// <paramref name="keep"/> (<see cref="KeepMaskLength"/>, <see cref="FillKeepMask"/>) selects the same-width path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void FoldAddImage(ReadOnlySpan<float> columns, int ldColumns, in Im2ColGeometry g, Span<float> image, ReadOnlySpan<uint> keep)
    {
        if (!keep.IsEmpty)
        {
            FoldAddImageSameWidth(columns, ldColumns, g, image, keep);
            return;
        }

        // The geometry in locals, as in UnfoldImage.
        int channels = g.Channels, height = g.Height, width = g.Width, kernelH = g.KernelH, kernelW = g.KernelW;
        int stride = g.Stride, padding = g.Padding, outH = g.OutH, outW = g.OutW;
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    (int lo, int hi) = g.InsideColumns(kx);
                    int ix0 = (lo * stride) - padding + kx;
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int iy = (oy * stride) - padding + ky;
                        if ((uint)iy >= (uint)height || hi == lo)
                        {
                            continue;
                        }

                        ref float src = ref Unsafe.Add(ref col, ((nint)row * ldColumns) + (oy * outW) + lo);
                        ref float dst = ref Unsafe.Add(ref img, (((c * height) + iy) * width) + ix0);
                        if (stride == 1)
                        {
                            AddRun(ref dst, ref src, hi - lo);
                        }
                        else
                        {
                            for (int ox = 0, d = 0; ox < hi - lo; ox++, d += stride)
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
    /// The adjoint of <see cref="UnfoldImageSameWidth"/>: per (channel, ky, kx) row, one flat add of all valid output
    /// rows into the shifted input plane, in which the columns that wrap around a row edge add zero instead (a
    /// select through <paramref name="keep"/>, a periodic all-ones/zero mask per kx), so every input gets the same sum
    /// as the row-by-row fold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldAddImageSameWidth(ReadOnlySpan<float> columns, int ldColumns, in Im2ColGeometry g, Span<float> image, ReadOnlySpan<uint> keep)
    {
        int planeIn = g.Height * g.Width;
        int planeOut = g.PlaneLength;
        ref float img = ref MemoryMarshal.GetReference(image);
        ref float col = ref MemoryMarshal.GetReference(columns);
        int row = 0;
        for (int c = 0; c < g.Channels; c++)
        {
            ref float plane = ref Unsafe.Add(ref img, (nint)c * planeIn);
            for (int ky = 0; ky < g.KernelH; ky++)
            {
                for (int kx = 0; kx < g.KernelW; kx++, row++)
                {
                    var run = SameWidthRun.Of(g, ky, kx);
                    if (run.Length > 0)
                    {
                        MaskedAddRun(
                            ref Unsafe.Add(ref plane, run.Source),
                            ref Unsafe.Add(ref col, ((nint)row * ldColumns) + run.Target),
                            ref Unsafe.Add(ref MemoryMarshal.GetReference(keep), (kx * planeOut) + run.Target),
                            run.Length);
                    }
                }
            }
        }
    }

    /// <summary><c>dst[i] += keep[i] ? src[i] : 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskedAddRun(ref float dst, ref float src, ref uint keep, int length)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> add = Vector256.ConditionalSelect(Vector256.LoadUnsafe(ref keep, (nuint)i).AsSingle(), Vector256.LoadUnsafe(ref src, (nuint)i), Vector256<float>.Zero);
                (Vector256.LoadUnsafe(ref dst, (nuint)i) + add).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < length; i++)
        {
            if (Unsafe.Add(ref keep, i) != 0)
            {
                Unsafe.Add(ref dst, i) += Unsafe.Add(ref src, i);
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
        // A run of at least one vector ends with a vector flush with its end, overlapping the one before: a copy may
        // write an element twice (with the same value), and no run is left to a scalar tail.
        if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            int last = length - Vector256<float>.Count;
            for (int i = 0; i < last; i += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }

            Vector256.LoadUnsafe(ref src, (nuint)last).StoreUnsafe(ref dst, (nuint)last);
            return;
        }

        if (Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count)
        {
            int last = length - Vector128<float>.Count;
            for (int i = 0; i < last; i += Vector128<float>.Count)
            {
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }

            Vector128.LoadUnsafe(ref src, (nuint)last).StoreUnsafe(ref dst, (nuint)last);
            return;
        }

        for (int i = 0; i < length; i++)
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

    /// <summary>
    /// The flat run of one (ky, kx) row of a stride-1 same-width layer: output rows [<see cref="OyLo"/>,
    /// <see cref="OyHi"/>) read input rows oy − padding + ky, all as one run shifted by kx − padding columns. The run is
    /// clipped to the input plane (what it loses lies in columns that wrap around a row edge): <see cref="Length"/>
    /// elements from <see cref="Source"/> in the input plane and <see cref="Target"/> in the output plane.
    /// </summary>
    private readonly record struct SameWidthRun(int OyLo, int OyHi, int Source, int Target, int Length)
    {
        public static SameWidthRun Of(in Im2ColGeometry g, int ky, int kx)
        {
            int oyLo = Math.Clamp(g.Padding - ky, 0, g.OutH);
            int oyHi = Math.Clamp(g.Height + g.Padding - ky, oyLo, g.OutH);
            int start = ((oyLo - g.Padding + ky) * g.Width) + kx - g.Padding;
            int length = (oyHi - oyLo) * g.Width;
            int front = Math.Max(0, -start);
            int back = Math.Max(0, start + length - (g.Height * g.Width));
            return new SameWidthRun(oyLo, oyHi, start + front, (oyLo * g.Width) + front, Math.Max(0, length - front - back));
        }
    }
}
