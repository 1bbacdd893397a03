using System.Buffers.Binary;

namespace Sprig.Data;

/// <summary>
/// Reads files in the IDX format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by content, not name).
/// </summary>
/// <remarks>
/// Layout: two zero bytes, a data-type byte (only 0x08, unsigned byte, is supported), a dimension-count byte, one
/// big-endian 32-bit size per dimension, then the data row-major. Image files have three dimensions
/// (magic 0x00000803), label files one (0x00000801). Every defect is reported as a one-line
/// <see cref="SprigException"/> naming the file, the problem and the byte offset where one applies; the declared data
/// size is checked against the bytes actually present before anything is allocated from it.
/// </remarks>
public static class IdxReader
{
    /// <summary>The magic number of an image file (unsigned bytes, three dimensions).</summary>
    public const int ImageMagic = 0x00000803;

    /// <summary>The magic number of a label file (unsigned bytes, one dimension).</summary>
    public const int LabelMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an image file.</summary>
    public static IdxImages ReadImages(string path) => DecodeImages(IdxFileBytes.Read(path), path);

    /// <summary>Reads a label file; each label is one byte.</summary>
    public static byte[] ReadLabels(string path) => DecodeLabels(IdxFileBytes.Read(path), path);

    /// <summary>Decodes the bytes of an image file (raw or gzip) called <paramref name="name"/> in messages.</summary>
    internal static IdxImages DecodeImages(byte[] file, string name)
    {
        byte[] content = Decompress(file, name);
        ReadOnlySpan<int> dims = ReadHeader(content, name, 3, "images", out int dataOffset);
        byte[] pixels = content.AsSpan(dataOffset).ToArray();
        return new IdxImages(dims[0], dims[1], dims[2], pixels);
    }

    /// <summary>Decodes the bytes of a label file (raw or gzip) called <paramref name="name"/> in messages.</summary>
    internal static byte[] DecodeLabels(byte[] file, string name)
    {
        byte[] content = Decompress(file, name);
        ReadHeader(content, name, 1, "labels", out int dataOffset);
        return content.AsSpan(dataOffset).ToArray();
    }

    private static byte[] Decompress(byte[] file, string name)
    {
        using var stream = new MemoryStream(file, writable: false);
        return IdxFileBytes.Read(stream, name);
    }

    /// <summary>Validates the header and the data length; returns the dimension sizes.</summary>
    private static int[] ReadHeader(ReadOnlySpan<byte> content, string name, int expectedRank, string kind, out int dataOffset)
    {
        int expectedMagic = expectedRank == 3 ? ImageMagic : LabelMagic;
        if (content.Length == 0)
        {
            throw new SprigException($"{name}: file is empty, expected IDX {kind}");
        }

        if (content.Length < 4)
        {
            throw new SprigException($"{name}: truncated header: {content.Length} bytes, the magic number alone needs 4");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(content);
        if (content[0] != 0 || content[1] != 0)
        {
            throw new SprigException($"{name}: wrong magic number 0x{magic:X8} at offset 0, expected 0x{expectedMagic:X8} for IDX {kind}");
        }

        if (content[2] != UnsignedByteType)
        {
            throw new SprigException($"{name}: unsupported IDX data type 0x{content[2]:X2} at offset 2, only 0x08 (unsigned byte) is supported");
        }

        int rank = content[3];
        if (rank != expectedRank)
        {
            throw new SprigException($"{name}: {rank} dimensions at offset 3 (magic 0x{magic:X8}), expected {expectedRank} for IDX {kind} (magic 0x{expectedMagic:X8})");
        }

        int headerLength = 4 + (4 * rank);
        if (content.Length < headerLength)
        {
            throw new SprigException($"{name}: truncated header: {content.Length} bytes, the {rank}-dimension header needs {headerLength}");
        }

        var sizes = new uint[rank];
        UInt128 declared = 1;
        for (int i = 0; i < rank; i++)
        {
            int offset = 4 + (4 * i);
            sizes[i] = BinaryPrimitives.ReadUInt32BigEndian(content[offset..]);
            if (sizes[i] == 0)
            {
                throw new SprigException($"{name}: dimension {i} has size 0 at offset {offset}");
            }

            declared *= sizes[i];
        }

        string shape = string.Join("x", sizes);
        if (declared > IdxFileBytes.MaxBytes)
        {
            throw new SprigException($"{name}: the header (offset 4) declares {shape} = {declared} bytes, more than the {IdxFileBytes.MaxBytes}-byte limit for IDX data");
        }

        long bytes = (long)declared;
        int present = content.Length - headerLength;
        if (bytes > present)
        {
            throw new SprigException($"{name}: truncated data: the header declares {shape} = {bytes} bytes but only {present} follow the header (file ends at offset {content.Length})");
        }

        if (bytes < present)
        {
            throw new SprigException($"{name}: {present - bytes} unexpected bytes after the data, starting at offset {headerLength + bytes} (the header declares {shape})");
        }

        // The data length matches the declared shape, so every size fits in an int.
        dataOffset = headerLength;
        return Array.ConvertAll(sizes, size => (int)size);
    }
}
