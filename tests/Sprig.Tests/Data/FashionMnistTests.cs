using Sprig.Data;
using Xunit.Abstractions;

namespace Sprig.Tests.Data;

/// <summary>Checks the real Fashion-MNIST files when the system package is installed; passes with a note otherwise.</summary>
public sealed class FashionMnistTests(ITestOutputHelper output)
{
    [Fact]
    public void LoadsInstalledFashionMnistWithKnownCountsAndStatistics()
    {
        string directory = Path.Combine(DatasetLocator.SystemDatasetRoot, "fashion-mnist");
        IdxDatasetFiles? files = DatasetLocator.FindIn([directory]);
        if (files is null)
        {
            output.WriteLine($"skipped: Fashion-MNIST is not installed in {directory}");
            return;
        }

        TrainTestData data = IdxDatasetLoader.Load(files, "fashion-mnist");
        Normalization stats = data.NormalizeFromTrain();

        Assert.Equal([60000, 1, 28, 28], data.Train.Images.ShapeArray());
        Assert.Equal([10000, 1, 28, 28], data.Test.Images.ShapeArray());
        Assert.Equal(10, data.Train.ClassCount);
        Assert.Equal(6000, data.Train.Labels.Count(label => label == 3));
        Assert.Equal(Normalization.FashionMnist.Mean[0], stats.Mean[0], 4);
        Assert.Equal(Normalization.FashionMnist.Std[0], stats.Std[0], 4);
        output.WriteLine($"fashion-mnist train statistics: {stats}");
    }
}
