using System.Buffers.Binary;
using System.IO.Compression;

namespace Sprig.Tests.Data;

/// <summary>Builds IDX file contents for tests.</summary>
internal static class IdxBytes
{
    /// <summary>An unsigned-byte IDX file with the given dimension sizes and data.</summary>
    public static byte[] Build(ReadOnlySpan<int> dims, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes.AsSpan(4 + (4 * dims.Length)));
        return bytes;
    }

    /// <summary>An image file of <paramref name="count"/> images of rows × columns whose pixel j is (j * 7 + 3) mod 256.</summary>
    public static byte[] Images(int count, int rows, int columns) => Build([count, rows, columns], Pattern(count * rows * columns));

    /// <summary>A label file.</summary>
    public static byte[] Labels(params byte[] labels) => Build([labels.Length], labels);

    /// <summary>The pixel pattern of <see cref="Images"/>.</summary>
    public static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (int j = 0; j < length; j++)
        {
            data[j] = (byte)((j * 7) + 3);
        }

        return data;
    }

    /// <summary>The gzip compression of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
