using System.Runtime.InteropServices;

namespace Sprig.Formats;

/// <summary>Index widths and the little-endian reading and writing of index and value arrays.</summary>
internal static class IndexCodec
{
    /// <summary>The narrowest of 1, 2 or 4 bytes that holds every value in [0, <paramref name="maxValue"/>].</summary>
    public static int Width(long maxValue) => maxValue <= byte.MaxValue ? 1 : maxValue <= ushort.MaxValue ? 2 : 4;

    /// <summary>⌈log2 <paramref name="n"/>⌉: the bits that tell <paramref name="n"/> cases apart (0 for n ≤ 1).</summary>
    public static int Bits(long n) => n <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));

    public static void Write(BinaryWriter writer, ReadOnlySpan<int> values, int width)
    {
        foreach (int v in values)
        {
            switch (width)
            {
                case 1:
                    writer.Write((byte)v);
                    break;
                case 2:
                    writer.Write((ushort)v);
                    break;
                default:
                    writer.Write(v);
                    break;
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> indices, each checked to be at most <paramref name="maxValue"/>.</summary>
    public static int[] Read(BinaryReader reader, int count, int width, long maxValue)
    {
        int[] values = new int[Count(reader, count, width)];
        for (int i = 0; i < values.Length; i++)
        {
            long v = width switch { 1 => reader.ReadByte(), 2 => reader.ReadUInt16(), _ => reader.ReadInt32() };
            values[i] = v >= 0 && v <= maxValue ? (int)v : throw new InvalidDataException($"index {v} is out of range [0, {maxValue}]");
        }

        return values;
    }

    public static void WriteValues(BinaryWriter writer, ReadOnlySpan<float> values) => writer.Write(MemoryMarshal.AsBytes(values));

    public static float[] ReadValues(BinaryReader reader, int count)
    {
        float[] values = new float[Count(reader, count, sizeof(float))];
        if (reader.Read(MemoryMarshal.AsBytes(values.AsSpan())) != values.Length * sizeof(float))
        {
            throw new EndOfStreamException();
        }

        return values;
    }

    /// <summary>Reads a non-negative int32 count.</summary>
    public static int ReadCount(BinaryReader reader, long max)
    {
        int count = reader.ReadInt32();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"count {count} is out of range [0, {max}]");
    }

    // A count is checked against the bytes left before anything is allocated for it.
    private static int Count(BinaryReader reader, int count, int width) =>
        (long)count * width <= reader.BaseStream.Length - reader.BaseStream.Position
            ? count
            : throw new EndOfStreamException($"{count} entries of {width} bytes do not fit the remaining data");
}
