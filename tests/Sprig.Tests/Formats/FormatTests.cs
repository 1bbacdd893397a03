using Sprig.Formats;

namespace Sprig.Tests.Formats;

public class FormatTests
{
    public static TheoryData<int, int, double> Cases => new()
    {
        { 0, 4, 0.5 },
        { 1, 1, 0 },
        { 1, 1, 1 },
        { 3, 8, 0.5 },
        { 7, 16, 0.9 },
        { 33, 24, 0.99 },
        { 16, 40, 0.75 },
        { 5, 600, 0.999 },
        { 300, 100, 0.95 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryFormat_RoundTripsThroughBytes_AndWritesExactlyItsCost(int rows, int columns, double sparsity)
    {
        var (values, mask) = RandomMatrix(rows, columns, sparsity, rows * 31 + columns);
        TensorProfile profile = TensorProfile.FromMask(rows, columns, mask);
        foreach (FormatChoice choice in FormatAdvisor.Candidates(profile))
        {
            if (choice.Format == StorageFormat.Dense)
            {
                continue;
            }

            SparseMatrix matrix = SparseMatrix.FromDense(choice, rows, columns, values, mask);
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                matrix.Write(writer);
            }

            Assert.Equal(stream.Length, matrix.EncodedBytes);
            Assert.Equal(StorageCost.EncodedBytes(choice, profile), matrix.EncodedBytes);

            stream.Position = 0;
            SparseMatrix read = SparseMatrix.Read(choice.Format, new BinaryReader(stream), rows, columns);
            Assert.Equal(stream.Length, stream.Position);
            Assert.Equal(choice, read.Choice);
            var backValues = new float[values.Length];
            var backMask = new float[values.Length];
            read.ToDense(backValues, backMask);
            Assert.Equal(mask, backMask);
            Assert.Equal(values, backValues);
        }
    }

    [Fact]
    public void CostModel_MatchesHandComputation()
    {
        // 4×8, entries at (0,1) (0,2) (1,7) (3,0) (3,5): n = 32, m = 5, gaps from −1: 2, 1, 13, 9, 5 → d̂ = 13.
        var mask = new float[32];
        foreach (int p in new[] { 1, 2, 15, 24, 29 })
        {
            mask[p] = 1;
        }

        TensorProfile profile = TensorProfile.FromMask(4, 8, mask);
        Assert.Equal(13, profile.MaxGap);
        Assert.Equal(2, profile.MaxRowCount);
        Assert.Equal(32 * 32, StorageCost.TheoreticalBits(new(StorageFormat.Dense), profile));
        Assert.Equal(32 + (5 * 32), StorageCost.TheoreticalBits(new(StorageFormat.Bitmap), profile));
        Assert.Equal(5 * (5 + 32), StorageCost.TheoreticalBits(new(StorageFormat.Coo), profile));
        Assert.Equal(5 * (4 + 32), StorageCost.TheoreticalBits(new(StorageFormat.Delta, Width: 1), profile));
        Assert.Equal((5 * (3 + 32)) + (4 * 3), StorageCost.TheoreticalBits(new(StorageFormat.Csr), profile));
        Assert.Equal((5 * (2 + 32)) + (8 * 3), StorageCost.TheoreticalBits(new(StorageFormat.Csc), profile));
        Assert.Equal(4 * 2 * (3 + 32), StorageCost.TheoreticalBits(new(StorageFormat.Condensed), profile));

        // 1×4 blocks: (0,0–3) (1,4–7) (3,0–3) (3,4–7) → 4 blocks of 4, grid 4 rows × 2 columns.
        Assert.Equal((4 * 4 * 32) + (4 * 1) + (4 * 2), StorageCost.TheoreticalBits(new(StorageFormat.Bsr, 1, 4), profile));

        // Groups of 4 hold at most 2 entries → 2:4: (32/4)·2·(2 + 32).
        Assert.Equal(2, profile.MaxGroupCount(4));
        Assert.Equal(8 * 2 * (2 + 32), StorageCost.TheoreticalBits(new(StorageFormat.NM, N: 2, M: 4), profile));

        // Encoded bytes with 8-bit indices: bitmap 4 + 20; COO count + 5·(1 + 4); CSR count + 5 offsets + 5·(1 + 4);
        // delta count + width + 5 codes + 20; condensed k + 8 slots·(1 + 4); 2:4 N, M + 16 slots·(1 + 4).
        Assert.Equal(4 + 20, StorageCost.EncodedBytes(new(StorageFormat.Bitmap), profile));
        Assert.Equal(4 + 25, StorageCost.EncodedBytes(new(StorageFormat.Coo), profile));
        Assert.Equal(4 + 5 + 25, StorageCost.EncodedBytes(new(StorageFormat.Csr), profile));
        Assert.Equal(4 + 9 + 25, StorageCost.EncodedBytes(new(StorageFormat.Csc), profile));
        Assert.Equal(4 + 1 + 5 + 20, StorageCost.EncodedBytes(new(StorageFormat.Delta, Width: 1), profile));
        Assert.Equal(4 + 40, StorageCost.EncodedBytes(new(StorageFormat.Condensed), profile));
        Assert.Equal(2 + 80, StorageCost.EncodedBytes(new(StorageFormat.NM, N: 2, M: 4), profile));
        Assert.Equal(2 + 4 + 5 + (4 * (1 + 1 + 16)), StorageCost.EncodedBytes(new(StorageFormat.Bsr, 1, 4), profile));
    }

    [Fact]
    public void Delta_UsesSkipCodesForGapsLongerThanItsWidth()
    {
        var mask = new float[1000];
        mask[0] = mask[600] = 1;
        TensorProfile profile = TensorProfile.FromMask(1, 1000, mask);

        // Gap 600 at 8 bits: 2 skips of 255, then 90.
        Assert.Equal(4 + 1 + 4 + 8, StorageCost.EncodedBytes(new(StorageFormat.Delta, Width: 1), profile));
        Assert.Equal(4 + 1 + 4 + 8, StorageCost.EncodedBytes(new(StorageFormat.Delta, Width: 2), profile));
    }

    [Fact]
    public void Advisor_PicksDenseWhenFull_BitmapWhenHalf_AndAnIndexFormatWhenVerySparse()
    {
        Assert.Equal(StorageFormat.Dense, Advise(64, 64, 0).Format.Format);
        Assert.Equal(StorageFormat.Bitmap, Advise(64, 64, 0.5).Format.Format);
        Assert.Contains(Advise(300, 784, 0.99).Format.Format, new[] { StorageFormat.Delta, StorageFormat.Csr, StorageFormat.Csc });
        Assert.True(Advise(300, 784, 0.9).Bytes < 0.15 * 300 * 784 * 4);
    }

    [Fact]
    public void Advisor_FindsTwoFourPatterns()
    {
        var mask = new float[8 * 16];
        for (int p = 0; p < mask.Length; p += 4)
        {
            mask[p + 1] = mask[p + 3] = 1;
        }

        TensorProfile profile = TensorProfile.FromMask(8, 16, mask);
        Assert.Contains(new FormatChoice(StorageFormat.NM, N: 2, M: 4), FormatAdvisor.Candidates(profile));
    }

    [Fact]
    public void Read_RejectsCorruptBytes()
    {
        // CSR of a 2×3 matrix claiming entry column 7.
        byte[] bytes = [1, 0, 0, 0, 0, 1, 1, 7, 0, 0, 128, 63];
        Assert.Throws<InvalidDataException>(() => SparseMatrix.Read(StorageFormat.Csr, new BinaryReader(new MemoryStream(bytes)), 2, 3));
        Assert.Throws<EndOfStreamException>(() => SparseMatrix.Read(StorageFormat.Coo, new BinaryReader(new MemoryStream([5, 0, 0, 0, 1])), 2, 3));
        Assert.Throws<InvalidDataException>(() => SparseMatrix.Read(StorageFormat.NM, new BinaryReader(new MemoryStream([2, 4, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0])), 1, 4));
    }

    private static (FormatChoice Format, long Bytes) Advise(int rows, int columns, double sparsity)
    {
        var (_, mask) = RandomMatrix(rows, columns, sparsity, 5);
        return FormatAdvisor.Advise(TensorProfile.FromMask(rows, columns, mask));
    }

    /// <summary>Random values with a mask; a few masked-in positions hold exactly 0 to check the mask survives.</summary>
    private static (float[] Values, float[] Mask) RandomMatrix(int rows, int columns, double sparsity, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * columns];
        var mask = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            if (random.NextDouble() >= sparsity)
            {
                mask[i] = 1;
                values[i] = random.Next(10) == 0 ? 0f : (float)(random.NextDouble() - 0.5);
            }
        }

        return (values, mask);
    }
}
