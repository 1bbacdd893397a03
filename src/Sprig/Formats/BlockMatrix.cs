namespace Sprig.Formats;

/// <summary>
/// Blocked CSR: the matrix is tiled into blockRows×blockColumns blocks and only blocks holding an entry are kept,
/// densely, with a bitmap of which of their positions are stored. Layout: block height and width (bytes), block count,
/// block-row offsets, block-column indices, per-block bitmaps, then the block values (edge blocks zero-padded).
/// </summary>
internal sealed class BlockMatrix : SparseMatrix
{
    private readonly int _blockRows;
    private readonly int _blockColumns;
    private readonly int[] _blocks;
    private readonly SparseEntries _entries;

    public BlockMatrix(SparseEntries entries, int blockRows, int blockColumns)
        : base(entries.Rows, entries.Columns)
    {
        if (blockRows is < 1 or > 255 || blockColumns is < 1 or > 255)
        {
            throw new ArgumentException($"Block sides must be 1–255, got {blockRows}×{blockColumns}.");
        }

        _blockRows = blockRows;
        _blockColumns = blockColumns;
        _entries = entries;
        _blocks = BlockKeys(entries.Positions, Columns, blockRows, blockColumns);
    }

    public override FormatChoice Choice => new(StorageFormat.Bsr, _blockRows, _blockColumns);

    public override long EncodedBytes => StorageCost.BlockBytes(Rows, Columns, _blockRows, _blockColumns, _blocks.Length);

    private int BlockGridColumns => (Columns + _blockColumns - 1) / _blockColumns;

    private int BlockGridRows => (Rows + _blockRows - 1) / _blockRows;

    private int BlockSize => _blockRows * _blockColumns;

    /// <summary>The distinct blocks (block row · grid columns + block column) that hold a position, increasing.</summary>
    public static int[] BlockKeys(ReadOnlySpan<int> positions, int columns, int blockRows, int blockColumns)
    {
        int gridColumns = (columns + blockColumns - 1) / blockColumns;
        int[] keys = new int[positions.Length];
        for (int k = 0; k < positions.Length; k++)
        {
            keys[k] = BlockKey(positions[k], columns, blockRows, blockColumns, gridColumns);
        }

        Array.Sort(keys);
        int distinct = 0;
        for (int k = 0; k < keys.Length; k++)
        {
            if (k == 0 || keys[k] != keys[k - 1])
            {
                keys[distinct++] = keys[k];
            }
        }

        return keys[..distinct];
    }

    private static int BlockKey(int position, int columns, int blockRows, int blockColumns, int gridColumns) =>
        (position / columns / blockRows * gridColumns) + (position % columns / blockColumns);

    public static BlockMatrix Read(BinaryReader reader, int rows, int columns)
    {
        int blockRows = reader.ReadByte();
        int blockColumns = reader.ReadByte();
        if (blockRows == 0 || blockColumns == 0)
        {
            throw new InvalidDataException("empty block shape");
        }

        int gridRows = (rows + blockRows - 1) / blockRows;
        int gridColumns = (columns + blockColumns - 1) / blockColumns;
        int count = IndexCodec.ReadCount(reader, (long)gridRows * gridColumns);
        int[] pointers = IndexCodec.Read(reader, gridRows + 1, IndexCodec.Width(count), count);
        int[] blockColumnIndices = IndexCodec.Read(reader, count, IndexCodec.Width(gridColumns - 1), gridColumns - 1);
        int size = blockRows * blockColumns;
        byte[] bits = reader.ReadBytes(count * ((size + 7) / 8));
        float[] blockValues = IndexCodec.ReadValues(reader, count * size);
        if (bits.Length != count * ((size + 7) / 8) || pointers[0] != 0 || pointers[gridRows] != count)
        {
            throw new InvalidDataException("block offsets or bitmaps do not fit the block count");
        }

        var positions = new List<int>();
        var values = new List<float>();
        for (int br = 0; br < gridRows; br++)
        {
            if (pointers[br + 1] < pointers[br])
            {
                throw new InvalidDataException($"block offsets decrease at block row {br}");
            }

            for (int b = pointers[br]; b < pointers[br + 1]; b++)
            {
                for (int i = 0; i < size; i++)
                {
                    int bit = (b * ((size + 7) / 8 * 8)) + i;
                    if ((bits[bit >> 3] >> (bit & 7) & 1) == 0)
                    {
                        continue;
                    }

                    int r = (br * blockRows) + (i / blockColumns);
                    int c = (blockColumnIndices[b] * blockColumns) + (i % blockColumns);
                    if (r >= rows || c >= columns)
                    {
                        throw new InvalidDataException($"block entry ({r}, {c}) is outside the {rows}×{columns} matrix");
                    }

                    positions.Add((r * columns) + c);
                    values.Add(blockValues[(b * size) + i]);
                }
            }
        }

        return new BlockMatrix(SparseEntries.FromUnordered(rows, columns, [.. positions], [.. values]), blockRows, blockColumns);
    }

    public override void Write(BinaryWriter writer)
    {
        int count = _blocks.Length;
        int bitmapBytes = (BlockSize + 7) / 8;
        int[] pointers = new int[BlockGridRows + 1];
        int[] blockColumnIndices = new int[count];
        for (int b = 0; b < count; b++)
        {
            pointers[(_blocks[b] / BlockGridColumns) + 1]++;
            blockColumnIndices[b] = _blocks[b] % BlockGridColumns;
        }

        for (int i = 0; i < BlockGridRows; i++)
        {
            pointers[i + 1] += pointers[i];
        }

        byte[] bits = new byte[count * bitmapBytes];
        float[] values = new float[count * BlockSize];
        for (int k = 0; k < _entries.Count; k++)
        {
            int p = _entries.Positions[k];
            int r = p / Columns, c = p % Columns;
            int b = Array.BinarySearch(_blocks, BlockKey(p, Columns, _blockRows, _blockColumns, BlockGridColumns));
            int i = (r % _blockRows * _blockColumns) + (c % _blockColumns);
            int bit = (b * bitmapBytes * 8) + i;
            bits[bit >> 3] |= (byte)(1 << (bit & 7));
            values[(b * BlockSize) + i] = _entries.Values[k];
        }

        writer.Write((byte)_blockRows);
        writer.Write((byte)_blockColumns);
        writer.Write(count);
        IndexCodec.Write(writer, pointers, IndexCodec.Width(count));
        IndexCodec.Write(writer, blockColumnIndices, IndexCodec.Width(BlockGridColumns - 1));
        writer.Write(bits);
        IndexCodec.WriteValues(writer, values);
    }

    internal override SparseEntries Entries() => _entries;
}
