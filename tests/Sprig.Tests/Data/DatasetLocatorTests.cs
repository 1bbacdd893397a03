using Sprig.Data;

namespace Sprig.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ExplicitDirectoryIsTheOnlyPlaceSearched()
    {
        string explicitDirectory = Path.Combine(_directory.Path, "mine");

        IReadOnlyList<string> searched = DatasetLocator.SearchDirectories("fashion-mnist", explicitDirectory, "/env", "/sys");

        Assert.Equal([explicitDirectory, Path.Combine(explicitDirectory, "fashion-mnist")], searched);
    }

    [Fact]
    public void EnvironmentComesBeforeSystemRoot()
    {
        IReadOnlyList<string> searched = DatasetLocator.SearchDirectories("fashion-mnist", null, "/env", "/sys");

        Assert.Equal(["/env", "/env/fashion-mnist", "/sys/fashion-mnist"], searched);
        Assert.Equal(["/sys/fashion-mnist"], DatasetLocator.SearchDirectories("fashion-mnist", null, null, "/sys"));
    }

    [Fact]
    public void FindsFirstDirectoryWithAllFourFilesRawOrGzip()
    {
        string first = Path.Combine(_directory.Path, "first");
        string second = Path.Combine(_directory.Path, "second");
        WriteDataset("first", gzip: false, omitTestLabels: true);
        WriteDataset("second", gzip: true, omitTestLabels: false);

        IdxDatasetFiles? files = DatasetLocator.FindIn([first, second]);

        Assert.NotNull(files);
        Assert.Equal(second, files.Directory);
        Assert.Equal(Path.Combine(second, "t10k-labels-idx1-ubyte.gz"), files.TestLabels);
    }

    [Fact]
    public void PrefersRawFileOverGzip()
    {
        WriteDataset("both", gzip: true, omitTestLabels: false);
        WriteDataset("both", gzip: false, omitTestLabels: false);

        IdxDatasetFiles files = DatasetLocator.LocateIn("x", [Path.Combine(_directory.Path, "both")]);

        Assert.Equal(Path.Combine(_directory.Path, "both", "train-images-idx3-ubyte"), files.TrainImages);
    }

    [Fact]
    public void AbsentDatasetIsNullOrAnErrorNamingEverySearchedPlace()
    {
        string[] searched = [Path.Combine(_directory.Path, "a"), Path.Combine(_directory.Path, "b")];

        Assert.Null(DatasetLocator.FindIn(searched));
        var error = Assert.Throws<SprigException>(() => DatasetLocator.LocateIn("fashion-mnist", searched));

        Assert.StartsWith("dataset 'fashion-mnist' not found", error.Message);
        Assert.Contains($"searched {searched[0]}, {searched[1]}", error.Message);
    }

    [Fact]
    public void RejectsPathLikeNames()
    {
        Assert.Throws<SprigException>(() => DatasetLocator.SearchDirectories("../etc", null, null, "/sys"));
    }

    [Fact]
    public void LoadsLocatedFilesWithSharedClassCount()
    {
        WriteDataset("set", gzip: true, omitTestLabels: false);
        IdxDatasetFiles files = DatasetLocator.LocateIn("set", [Path.Combine(_directory.Path, "set")]);

        TrainTestData data = IdxDatasetLoader.Load(files, "set");

        Assert.Equal((4, 2), (data.Train.Count, data.Test.Count));
        Assert.Equal(4, data.Train.ClassCount);
        Assert.Equal(4, data.Test.ClassCount);
        Assert.Equal("set/test", data.Test.Name);
    }

    private void WriteDataset(string folder, bool gzip, bool omitTestLabels)
    {
        string suffix = gzip ? ".gz" : string.Empty;
        byte[] Pack(byte[] bytes) => gzip ? IdxBytes.Gzip(bytes) : bytes;
        _directory.Write($"{folder}/train-images-idx3-ubyte{suffix}", Pack(IdxBytes.Images(4, 3, 2)));
        _directory.Write($"{folder}/train-labels-idx1-ubyte{suffix}", Pack(IdxBytes.Labels(0, 1, 1, 0)));
        _directory.Write($"{folder}/t10k-images-idx3-ubyte{suffix}", Pack(IdxBytes.Images(2, 3, 2)));
        if (!omitTestLabels)
        {
            _directory.Write($"{folder}/t10k-labels-idx1-ubyte{suffix}", Pack(IdxBytes.Labels(3, 1)));
        }
    }
}
