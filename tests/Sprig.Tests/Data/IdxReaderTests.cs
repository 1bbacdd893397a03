using Sprig.Data;

namespace Sprig.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsOddSizedImagesRawAndGzip(bool gzip)
    {
        byte[] file = IdxBytes.Images(3, 5, 7);
        string path = _directory.Write("images", gzip ? IdxBytes.Gzip(file) : file);

        IdxImages images = IdxReader.ReadImages(path);

        Assert.Equal((3, 5, 7), (images.Count, images.Rows, images.Columns));
        Assert.Equal(IdxBytes.Pattern(3 * 5 * 7), images.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsLabelsRawAndGzip(bool gzip)
    {
        byte[] file = IdxBytes.Labels(4, 0, 9, 255);
        string path = _directory.Write("labels.gz", gzip ? IdxBytes.Gzip(file) : file);

        Assert.Equal(new byte[] { 4, 0, 9, 255 }, IdxReader.ReadLabels(path));
    }

    [Theory]
    [InlineData("empty", "file is empty")]
    [InlineData("three bytes", "truncated header: 3 bytes")]
    [InlineData("header without sizes", "truncated header: 10 bytes, the 3-dimension header needs 16")]
    [InlineData("wrong magic", "wrong magic number 0x12345678 at offset 0, expected 0x00000803")]
    [InlineData("float data", "unsupported IDX data type 0x0D at offset 2")]
    [InlineData("label file", "1 dimensions at offset 3 (magic 0x00000801), expected 3")]
    [InlineData("zero rows", "dimension 1 has size 0 at offset 8")]
    [InlineData("truncated data", "truncated data: the header declares 3x5x7 = 105 bytes but only 104 follow")]
    [InlineData("trailing data", "2 unexpected bytes after the data, starting at offset 121")]
    [InlineData("absurd sizes", "declares 4294967295x4294967295x4294967295 = ")]
    [InlineData("large claim", "truncated data: the header declares 60000x28x28 = 47040000 bytes but only 10 follow")]
    [InlineData("corrupt gzip", "corrupt gzip stream")]
    [InlineData("truncated gzip", "truncated data: the header declares 20x28x28")]
    public void RejectsBadImageFiles(string kind, string expected)
    {
        string path = _directory.Write("images", BadImageFile(kind));

        var error = Assert.Throws<SprigException>(() => IdxReader.ReadImages(path));

        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void RejectsImageFileAsLabels()
    {
        string path = _directory.Write("labels", IdxBytes.Images(2, 2, 2));

        var error = Assert.Throws<SprigException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("3 dimensions at offset 3 (magic 0x00000803), expected 1 for IDX labels", error.Message);
    }

    [Fact]
    public void ReportsMissingFileAndDirectory()
    {
        string missing = Path.Combine(_directory.Path, "nope-idx3-ubyte");

        Assert.Equal($"{missing}: file not found", Assert.Throws<SprigException>(() => IdxReader.ReadImages(missing)).Message);
        Assert.Contains("is a directory", Assert.Throws<SprigException>(() => IdxReader.ReadImages(_directory.Path)).Message);
    }

    [Fact]
    public void LoadsDatasetScaledToUnitRange()
    {
        string images = _directory.Write("i", IdxBytes.Images(3, 5, 7));
        string labels = _directory.Write("l", IdxBytes.Labels(2, 0, 1));

        Dataset dataset = IdxDatasetLoader.Load(images, labels, "tiny");

        Assert.Equal([3, 1, 5, 7], dataset.Images.ShapeArray());
        Assert.Equal([2, 0, 1], dataset.Labels);
        Assert.Equal(3, dataset.ClassCount);
        byte[] pattern = IdxBytes.Pattern(105);
        for (int i = 0; i < pattern.Length; i++)
        {
            Assert.Equal(pattern[i] / 255f, dataset.Images.Data[i]);
        }
    }

    [Fact]
    public void RejectsCountMismatch()
    {
        string images = _directory.Write("i", IdxBytes.Images(3, 5, 7));
        string labels = _directory.Write("l", IdxBytes.Labels(2, 0));

        var error = Assert.Throws<SprigException>(() => IdxDatasetLoader.Load(images, labels, "tiny"));

        Assert.Equal($"{images} has 3 images but {labels} has 2 labels", error.Message);
    }

    [Fact]
    public void RejectsLabelOutOfRange()
    {
        string images = _directory.Write("i", IdxBytes.Images(3, 5, 7));
        string labels = _directory.Write("l", IdxBytes.Labels(2, 10, 1));

        var error = Assert.Throws<SprigException>(() => IdxDatasetLoader.Load(images, labels, "tiny", classCount: 10));

        Assert.Equal($"{labels}: label 10 at offset 9 (sample 1) is out of range for 10 classes", error.Message);
    }

    private static byte[] BadImageFile(string kind)
    {
        byte[] valid = IdxBytes.Images(3, 5, 7);
        switch (kind)
        {
            case "empty":
                return [];
            case "three bytes":
                return valid[..3];
            case "header without sizes":
                return valid[..10];
            case "wrong magic":
                return [0x12, 0x34, 0x56, 0x78, .. valid[4..]];
            case "float data":
                valid[2] = 0x0D;
                return valid;
            case "label file":
                return IdxBytes.Labels(1, 2, 3);
            case "zero rows":
                return IdxBytes.Build([3, 0, 7], []);
            case "truncated data":
                return valid[..^1];
            case "trailing data":
                return [.. valid, 1, 2];
            case "absurd sizes":
                return IdxBytes.Build([-1, -1, -1], [1, 2, 3]);
            case "large claim":
                return IdxBytes.Build([60000, 28, 28], new byte[10]);
            case "corrupt gzip":
                byte[] gzip = IdxBytes.Gzip(valid);
                for (int i = 10; i < gzip.Length - 8; i++)
                {
                    gzip[i] ^= 0x5A;
                }

                return gzip;
            case "truncated gzip":
                byte[] whole = IdxBytes.Gzip(IdxBytes.Images(20, 28, 28));
                return whole[..(whole.Length / 2)];
            default:
                throw new ArgumentException(kind, nameof(kind));
        }
    }
}
