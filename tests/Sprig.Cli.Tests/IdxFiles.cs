using System.Buffers.Binary;

namespace Sprig.Cli.Tests;

/// <summary>Writes a small dataset in the standard four-file IDX layout (raw, not gzipped).</summary>
internal static class IdxFiles
{
    public static string Write(string directory, int count, int rows, int columns, int classes)
    {
        var random = new Random(count);
        foreach (string split in new[] { "train", "t10k" })
        {
            byte[] images = new byte[16 + (count * rows * columns)];
            BinaryPrimitives.WriteInt32BigEndian(images, 0x00000803);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), rows);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), columns);
            random.NextBytes(images.AsSpan(16));
            File.WriteAllBytes(Path.Combine(directory, $"{split}-images-idx3-ubyte"), images);

            byte[] labels = new byte[8 + count];
            BinaryPrimitives.WriteInt32BigEndian(labels, 0x00000801);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
            for (int i = 0; i < count; i++)
            {
                labels[8 + i] = (byte)(i % classes);
            }

            File.WriteAllBytes(Path.Combine(directory, $"{split}-labels-idx1-ubyte"), labels);
        }

        return directory;
    }
}
