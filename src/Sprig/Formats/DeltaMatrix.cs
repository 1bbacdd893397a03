namespace Sprig.Formats;

/// <summary>
/// Run-length (delta) index: for each entry in position order, the gap from the previous one as a fixed-width code
/// (1, 2 or 4 bytes); a longer gap is preceded by skip codes (0), each advancing the cursor by the largest code.
/// Layout: code count, width, codes, then the values.
/// </summary>
internal sealed class DeltaMatrix : SparseMatrix
{
    private readonly SparseEntries _entries;
    private readonly int _width;

    public DeltaMatrix(SparseEntries entries, int width)
        : base(entries.Rows, entries.Columns)
    {
        _entries = entries;
        _width = width is 1 or 2 or 4 ? width : throw new ArgumentException($"Delta code width must be 1, 2 or 4 bytes, got {width}.", nameof(width));
    }

    public override FormatChoice Choice => new(StorageFormat.Delta, Width: _width);

    public override long EncodedBytes => StorageCost.DeltaBytes(_entries.Count, Skips(_entries.Positions, _width), _width);

    /// <summary>The largest gap one code can hold at <paramref name="width"/> bytes.</summary>
    public static long MaxGap(int width) => width == 4 ? int.MaxValue : (1L << (8 * width)) - 1;

    /// <summary>How many skip codes increasing <paramref name="positions"/> need at <paramref name="width"/> bytes.</summary>
    public static long Skips(ReadOnlySpan<int> positions, int width)
    {
        long max = MaxGap(width);
        long skips = 0;
        long cursor = -1;
        foreach (int p in positions)
        {
            skips += (p - cursor - 1) / max;
            cursor = p;
        }

        return skips;
    }

    public static DeltaMatrix Read(BinaryReader reader, int rows, int columns)
    {
        long size = (long)rows * columns;
        int codeCount = IndexCodec.ReadCount(reader, int.MaxValue);
        int width = reader.ReadByte();
        if (width is not (1 or 2 or 4))
        {
            throw new InvalidDataException($"delta code width {width}");
        }

        long max = MaxGap(width);
        int[] codes = IndexCodec.Read(reader, codeCount, width, max);
        var positions = new List<int>();
        long cursor = -1;
        foreach (int code in codes)
        {
            cursor += code == 0 ? max : code;
            if (cursor >= size)
            {
                throw new InvalidDataException($"position {cursor} is beyond the {rows}×{columns} matrix");
            }

            if (code != 0)
            {
                positions.Add((int)cursor);
            }
        }

        return new DeltaMatrix(new SparseEntries(rows, columns, [.. positions], IndexCodec.ReadValues(reader, positions.Count)), width);
    }

    public override void Write(BinaryWriter writer)
    {
        long max = MaxGap(_width);
        var codes = new int[_entries.Count + Skips(_entries.Positions, _width)];
        int c = 0;
        long cursor = -1;
        foreach (int p in _entries.Positions)
        {
            long gap = p - cursor;
            for (; gap > max; gap -= max)
            {
                codes[c++] = 0;
            }

            codes[c++] = (int)gap;
            cursor = p;
        }

        writer.Write(codes.Length);
        writer.Write((byte)_width);
        IndexCodec.Write(writer, codes, _width);
        IndexCodec.WriteValues(writer, _entries.Values);
    }

    internal override SparseEntries Entries() => _entries;
}
