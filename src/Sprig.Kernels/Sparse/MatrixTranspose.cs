using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Out-of-place transpose of a row-major matrix: <c>destination[j, i] = source[i, j]</c>. Moves activations between
/// the [batch, features] layout of the layers and the [features, batch] layout the sparse kernels stream along.
/// </summary>
public static class MatrixTranspose
{
    // 16×16 tiles: one tile of the source and of the destination (2 KiB together) stay in L1.
    private const int Tile = 16;

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
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < columns; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, columns);
                for (int i = i0; i < i1; i++)
                {
                    ref float row = ref Unsafe.Add(ref src, (nint)i * columns);
                    for (int j = j0; j < j1; j++)
                    {
                        Unsafe.Add(ref dst, ((nint)j * rows) + i) = Unsafe.Add(ref row, j);
                    }
                }
            }
        }
    }
}
