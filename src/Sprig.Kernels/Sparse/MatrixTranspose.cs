using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Out-of-place transpose of a row-major matrix: <c>destination[j, i] = source[i, j]</c>. Moves activations between
/// the [batch, features] layout of the layers and the [features, batch] layout the sparse kernels stream along.
/// </summary>
/// <remarks>
/// Works in 8×8 blocks: with AVX, 8 rows are loaded and transposed in registers and stored as 8 rows; otherwise the
/// block is copied element by element. The block order matters: with a power-of-two row stride (e.g. 1024 floats)
/// every destination row maps to the same L1 set, and 16×16 tiles in row order measured 7× slower from conflict
/// misses. Edge rows and columns are copied element by element.
/// </remarks>
public static class MatrixTranspose
{
    private const int Block = 8;

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

        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int fullRows = rows - (rows % Block);
        int fullColumns = columns - (columns % Block);

        // Column blocks outside, row blocks inside: the 8 destination rows of a block column are then written as
        // 8 sequential streams, so each destination cache line is filled completely before it is evicted.
        for (int j = 0; j < fullColumns; j += Block)
        {
            for (int i = 0; i < fullRows; i += Block)
            {
                if (Avx.IsSupported)
                {
                    Transpose8x8Avx(ref Unsafe.Add(ref src, ((nint)i * columns) + j), columns, ref Unsafe.Add(ref dst, ((nint)j * rows) + i), rows);
                }
                else
                {
                    Copy(ref src, columns, ref dst, rows, i, i + Block, j, j + Block);
                }
            }
        }

        Copy(ref src, columns, ref dst, rows, 0, fullRows, fullColumns, columns);
        Copy(ref src, columns, ref dst, rows, fullRows, rows, 0, columns);
    }

    private static void Copy(ref float src, int columns, ref float dst, int rows, int i0, int i1, int j0, int j1)
    {
        for (int i = i0; i < i1; i++)
        {
            ref float row = ref Unsafe.Add(ref src, (nint)i * columns);
            for (int j = j0; j < j1; j++)
            {
                Unsafe.Add(ref dst, ((nint)j * rows) + i) = Unsafe.Add(ref row, j);
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
}
