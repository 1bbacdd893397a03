using System.IO.Compression;

namespace Sprig.Data;

/// <summary>
/// Reads the whole content of an IDX file, decompressing it when it starts with the gzip magic bytes 1f 8b.
/// The size is capped so a corrupt or hostile file cannot make us allocate without bound.
/// </summary>
internal static class IdxFileBytes
{
    /// <summary>The largest (decompressed) IDX content accepted: 1 GiB, 20 times the Fashion-MNIST training images.</summary>
    public const int MaxBytes = 1 << 30;

    /// <summary>Reads <paramref name="path"/>, or throws a one-line <see cref="SprigException"/> naming it.</summary>
    public static byte[] Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new SprigException($"{path}: is a directory, expected an IDX file");
        }

        if (!File.Exists(path))
        {
            throw new SprigException($"{path}: file not found");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path);
        }
        catch (IOException e)
        {
            throw new SprigException($"{path}: cannot read: {OneLine(e.Message)}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SprigException($"{path}: cannot read: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Reads a seekable stream holding a raw or gzip-compressed IDX file called <paramref name="name"/>.</summary>
    public static byte[] Read(Stream stream, string name)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Seek(0, SeekOrigin.Begin);
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return ReadGzip(stream, name);
        }

        if (stream.Length > MaxBytes)
        {
            throw new SprigException($"{name}: file is {stream.Length} bytes, more than the {MaxBytes}-byte limit for IDX data");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] ReadGzip(Stream stream, string name)
    {
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var content = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = gzip.Read(chunk)) > 0)
            {
                // The buffer grows with the data actually present, never with a size the file merely declares.
                if (content.Length + read > MaxBytes)
                {
                    throw new SprigException($"{name}: decompresses to more than the {MaxBytes}-byte limit for IDX data");
                }

                content.Write(chunk, 0, read);
            }

            return content.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new SprigException($"{name}: corrupt gzip stream: {OneLine(e.Message)}", e);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
