namespace Sprig.Data;

/// <summary>The contents of an IDX image file: <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes.</summary>
public sealed class IdxImages
{
    /// <summary>Wraps decoded pixels; <paramref name="pixels"/> holds count × rows × columns bytes, row-major.</summary>
    public IdxImages(int count, int rows, int columns, byte[] pixels)
    {
        if ((long)count * rows * columns != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make {count} images of {rows}x{columns}.", nameof(pixels));
        }

        Count = count;
        Rows = rows;
        Columns = columns;
        Pixels = pixels;
    }

    /// <summary>The number of images.</summary>
    public int Count { get; }

    /// <summary>The height of every image.</summary>
    public int Rows { get; }

    /// <summary>The width of every image.</summary>
    public int Columns { get; }

    /// <summary>All pixels, image after image, each image row-major.</summary>
    public byte[] Pixels { get; }
}
