namespace Sprig.Formats;

/// <summary>
/// What each format costs for a given pattern, in two ways: the survey's information-theoretic index bits
/// (Hoefler et al. 2021, §2.2; values at 32 bits) and the exact bytes Sprig's encoding writes, whose index widths are
/// the narrowest of 8, 16 or 32 bits that fit.
/// </summary>
/// <remarks>
/// Survey formulas with n positions, m entries, k = 32 value bits: dense n·k; bitmap n + m·k; COO m·⌈log2 n⌉ + m·k;
/// delta m·⌈log2 d̂⌉ + m·k (d̂ the largest gap); CSR m·⌈log2 n_c⌉ + n_r·⌈log2 m⌉ + m·k (CSC with rows and columns
/// swapped); blocks of B positions: b·B·k + b·⌈log2 (n_c/B_c)⌉ + (n_r/B_r)·⌈log2 b⌉ for b kept blocks; N:M
/// (n/M)·N·(⌈log2 M⌉ + k); condensed n_r·K·(⌈log2 n_c⌉ + k) for fan-in K.
/// </remarks>
public static class StorageCost
{
    private const int ValueBits = 32;

    /// <summary>The survey's bit count of <paramref name="choice"/> for <paramref name="profile"/>, values included.</summary>
    public static long TheoreticalBits(FormatChoice choice, TensorProfile profile)
    {
        long n = profile.Size, m = profile.Count, rows = profile.Rows, columns = profile.Columns;
        switch (choice.Format)
        {
            case StorageFormat.Dense:
                return n * ValueBits;
            case StorageFormat.Bitmap:
                return n + (m * ValueBits);
            case StorageFormat.Coo:
                return m * (IndexCodec.Bits(n) + ValueBits);
            case StorageFormat.Delta:
                return m * (IndexCodec.Bits(profile.MaxGap) + ValueBits);
            case StorageFormat.Csr:
                return (m * (IndexCodec.Bits(columns) + ValueBits)) + (rows * IndexCodec.Bits(m));
            case StorageFormat.Csc:
                return (m * (IndexCodec.Bits(rows) + ValueBits)) + (columns * IndexCodec.Bits(m));
            case StorageFormat.Bsr:
                long blocks = profile.BlockCount(choice.BlockRows, choice.BlockColumns);
                long gridRows = (rows + choice.BlockRows - 1) / choice.BlockRows;
                long gridColumns = (columns + choice.BlockColumns - 1) / choice.BlockColumns;
                return (blocks * choice.BlockRows * choice.BlockColumns * ValueBits) + (blocks * IndexCodec.Bits(gridColumns)) + (gridRows * IndexCodec.Bits(blocks));
            case StorageFormat.NM:
                return n / choice.M * choice.N * (IndexCodec.Bits(choice.M) + ValueBits);
            case StorageFormat.Condensed:
                return rows * profile.MaxRowCount * (IndexCodec.Bits(columns) + ValueBits);
            default:
                throw new ArgumentOutOfRangeException(nameof(choice));
        }
    }

    /// <summary>The bytes Sprig's encoding of <paramref name="choice"/> takes for <paramref name="profile"/> (format parameters and counts included).</summary>
    public static long EncodedBytes(FormatChoice choice, TensorProfile profile) => choice.Format switch
    {
        StorageFormat.Dense => profile.Size * sizeof(float),
        StorageFormat.Bitmap => BitmapBytes(profile.Rows, profile.Columns) + (4L * profile.Count),
        StorageFormat.Coo => 4 + ((long)profile.Count * (IndexCodec.Width(profile.Size - 1) + 4)),
        StorageFormat.Delta => DeltaBytes(profile.Count, DeltaMatrix.Skips(profile.Positions, choice.Width), choice.Width),
        StorageFormat.Csr => CompressedBytes(profile.Rows, profile.Columns, profile.Count),
        StorageFormat.Csc => CompressedBytes(profile.Columns, profile.Rows, profile.Count),
        StorageFormat.Bsr => BlockBytes(profile.Rows, profile.Columns, choice.BlockRows, choice.BlockColumns, profile.BlockCount(choice.BlockRows, choice.BlockColumns)),
        StorageFormat.NM => NmBytes(profile.Rows, profile.Columns, choice.N, choice.M),
        StorageFormat.Condensed => CondensedBytes(profile.Rows, profile.Columns, profile.MaxRowCount),
        _ => throw new ArgumentOutOfRangeException(nameof(choice)),
    };

    internal static long BitmapBytes(int rows, int columns) => ((long)rows * columns + 7) / 8;

    internal static long CompressedBytes(int major, int minor, int count) =>
        4 + ((major + 1L) * IndexCodec.Width(count)) + ((long)count * (IndexCodec.Width(minor - 1) + 4));

    internal static long DeltaBytes(int count, long skips, int width) => 4 + 1 + ((count + skips) * width) + (4L * count);

    internal static long BlockBytes(int rows, int columns, int blockRows, int blockColumns, int blocks)
    {
        long gridRows = (rows + blockRows - 1) / blockRows;
        long gridColumns = (columns + blockColumns - 1) / blockColumns;
        int size = blockRows * blockColumns;
        return 2 + 4 + ((gridRows + 1) * IndexCodec.Width(blocks)) + ((long)blocks * (IndexCodec.Width(gridColumns - 1) + ((size + 7) / 8) + (4L * size)));
    }

    internal static long NmBytes(int rows, int columns, int n, int m) => 2 + ((long)rows * columns / m * n * 5);

    internal static long CondensedBytes(int rows, int columns, int fanIn) => 4 + ((long)rows * fanIn * (IndexCodec.Width(columns) + 4));

    /// <summary>The most positions in one row, for increasing row-major <paramref name="positions"/>.</summary>
    internal static int MaxRowCount(ReadOnlySpan<int> positions, int columns)
    {
        int max = 0, row = -1, count = 0;
        foreach (int p in positions)
        {
            count = p / columns == row ? count + 1 : 1;
            row = p / columns;
            max = Math.Max(max, count);
        }

        return max;
    }
}
