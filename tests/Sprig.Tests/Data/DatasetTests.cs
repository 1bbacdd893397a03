using Sprig.Data;
using Sprig.Tensors;

namespace Sprig.Tests.Data;

public sealed class DatasetTests
{
    [Fact]
    public void NormalizationStatisticsMatchDirectComputation()
    {
        Dataset dataset = RandomDataset(count: 7, channels: 2, seed: 5);
        ReadOnlySpan<float> data = dataset.Images.Span;

        Normalization stats = Normalization.Compute(dataset);

        for (int c = 0; c < 2; c++)
        {
            double sum = 0;
            double sumOfSquares = 0;
            int n = 0;
            for (int i = 0; i < 7; i++)
            {
                foreach (float v in data.Slice((((i * 2) + c) * 15), 15))
                {
                    sum += v;
                    sumOfSquares += v * v;
                    n++;
                }
            }

            double mean = sum / n;
            Assert.Equal(mean, stats.Mean[c], 5);
            Assert.Equal(Math.Sqrt((sumOfSquares / n) - (mean * mean)), stats.Std[c], 5);
        }
    }

    [Fact]
    public void NormalizedDatasetHasZeroMeanUnitStdAndCannotBeNormalizedTwice()
    {
        Dataset dataset = RandomDataset(count: 9, channels: 1, seed: 6);
        Normalization stats = Normalization.Compute(dataset);

        dataset.Normalize(stats);

        Normalization after = Normalization.Compute(new Dataset("copy", dataset.Images.Clone(), dataset.Labels));
        Assert.Equal(0f, after.Mean[0], 4);
        Assert.Equal(1f, after.Std[0], 4);
        Assert.Same(stats, dataset.Normalization);
        Assert.Throws<SprigException>(() => dataset.Normalize(stats));
        Assert.Throws<SprigException>(() => Normalization.Compute(dataset));
    }

    [Fact]
    public void Normalize_IsTheSubtractionThenTheDivision_ExactlyPerChannel()
    {
        // 7×5 planes: vector runs plus a tail (scripts/test.sh also runs this without AVX-512 and without hardware
        // intrinsics, where it is all scalar).
        var rng = new Rng(8);
        var images = new Tensor(3, 2, 7, 5);
        for (int i = 0; i < images.Length; i++)
        {
            images.Data[i] = rng.NextFloat();
        }

        float[] raw = images.Span.ToArray();
        var dataset = new Dataset("random", images, new int[3], 1);
        var stats = new Normalization([0.3f, 0.6f], [0.7f, 0.2f]);

        dataset.Normalize(stats);

        for (int i = 0; i < raw.Length; i++)
        {
            int c = (i / 35) % 2;
            Assert.Equal((raw[i] - stats.Mean[c]) / stats.Std[c], dataset.Images.Span[i]);
        }
    }

    [Fact]
    public void ValidationSplitIsDisjointCompleteAndDeterministic()
    {
        Dataset dataset = IndexedDataset(101);

        (Dataset train, Dataset validation) = dataset.SplitValidation(0.2, seed: 11);
        (Dataset train2, Dataset validation2) = dataset.SplitValidation(0.2, seed: 11);
        (_, Dataset validation3) = dataset.SplitValidation(0.2, seed: 12);

        Assert.Equal(20, validation.Count);
        Assert.Equal(81, train.Count);
        int[] trainIds = Ids(train);
        int[] validationIds = Ids(validation);
        Assert.Empty(trainIds.Intersect(validationIds));
        Assert.Equal(Enumerable.Range(0, 101), trainIds.Concat(validationIds).Order());
        Assert.Equal(trainIds, Ids(train2));
        Assert.Equal(validationIds, Ids(validation2));
        Assert.NotEqual(validationIds, Ids(validation3));
        Assert.Equal(validationIds.Order(), validationIds);
        Assert.Equal(dataset.ClassCount, validation.ClassCount);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.001)]
    [InlineData(double.NaN)]
    public void RejectsValidationFractionsThatLeaveAnEmptyPart(double fraction)
    {
        Assert.Throws<SprigException>(() => IndexedDataset(10).SplitValidation(fraction, 1));
    }

    [Fact]
    public void RejectsInconsistentConstruction()
    {
        Assert.Contains("3 images but 2 labels", Assert.Throws<SprigException>(() => new Dataset("d", new Tensor(3, 1, 2, 2), [0, 1])).Message);
        Assert.Contains("label 5 of sample 1 is out of range for 3 classes", Assert.Throws<SprigException>(() => new Dataset("d", new Tensor(2, 1, 2, 2), [0, 5], 3)).Message);
        Assert.Contains("negative", Assert.Throws<SprigException>(() => new Dataset("d", new Tensor(1, 1, 2, 2), [-1])).Message);
        Assert.Contains("[N, C, H, W]", Assert.Throws<SprigException>(() => new Dataset("d", new Tensor(2, 4), [0, 1])).Message);
    }

    /// <summary>A dataset whose sample i has every pixel equal to i and label i mod 3, so samples can be identified.</summary>
    internal static Dataset IndexedDataset(int count, int height = 4, int width = 4)
    {
        var images = new Tensor(count, 1, height, width);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            images.Span.Slice(i * height * width, height * width).Fill(i);
            labels[i] = i % 3;
        }

        return new Dataset("indexed", images, labels);
    }

    /// <summary>The sample ids of a dataset made by <see cref="IndexedDataset"/>.</summary>
    internal static int[] Ids(Dataset dataset)
    {
        var ids = new int[dataset.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)dataset.Sample(i)[0];
        }

        return ids;
    }

    private static Dataset RandomDataset(int count, int channels, ulong seed)
    {
        var rng = new Rng(seed);
        var images = new Tensor(count, channels, 3, 5);
        for (int i = 0; i < images.Length; i++)
        {
            images.Data[i] = rng.NextFloat();
        }

        return new Dataset("random", images, new int[count], 1);
    }
}
