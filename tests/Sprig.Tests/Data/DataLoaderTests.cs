using Sprig.Data;
using Sprig.Tensors;

namespace Sprig.Tests.Data;

public sealed class DataLoaderTests
{
    [Fact]
    public void EveryEpochVisitsEverySampleOnceIncludingThePartialLastBatch()
    {
        Dataset dataset = DatasetTests.IndexedDataset(103);
        var loader = new DataLoader(dataset, batchSize: 10, seed: 3);
        Assert.Equal(11, loader.BatchesPerEpoch);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            foreach (DataBatch batch in loader.Epoch(epoch))
            {
                Assert.Equal(batch.Index == 10 ? 3 : 10, batch.Count);
                Assert.Equal([batch.Count, 1, 4, 4], batch.Images.ShapeArray());
                for (int i = 0; i < batch.Count; i++)
                {
                    int sample = batch.SampleIndices[i];
                    Assert.Equal(sample, (int)batch.Images.Data[i * 16]);
                    Assert.Equal(sample, (int)batch.Images.Data[(i * 16) + 15]);
                    Assert.Equal(dataset.Labels[sample], batch.Labels[i]);
                    seen.Add(sample);
                }
            }

            Assert.Equal(Enumerable.Range(0, 103), seen.Order());
        }
    }

    [Fact]
    public void OrderDependsOnlyOnSeedAndEpoch()
    {
        Dataset dataset = DatasetTests.IndexedDataset(50);
        var walked = new DataLoader(dataset, 8, seed: 42);
        var direct = new DataLoader(dataset, 8, seed: 42);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Order(walked, epoch);
        }

        int[] afterHistory = Order(walked, 3);

        Assert.Equal(afterHistory, Order(direct, 3));
        Assert.NotEqual(afterHistory, Order(direct, 4));
        Assert.NotEqual(afterHistory, Order(new DataLoader(dataset, 8, seed: 43), 3));
        Assert.NotEqual(Enumerable.Range(0, 50), afterHistory);
        Assert.Equal(Enumerable.Range(0, 50), Order(new DataLoader(dataset, 8, seed: 42, shuffle: false), 3));
    }

    [Fact]
    public void StartingMidEpochGivesTheRemainingBatches()
    {
        Dataset dataset = DatasetTests.IndexedDataset(45);
        var augmentation = new Augmentation(1, horizontalFlip: true);
        var full = new DataLoader(dataset, 6, seed: 9, augmentation: augmentation);
        List<float[]> expected = full.Epoch(2).Select(b => b.Images.Data.ToArray()).ToList();

        var resumed = new DataLoader(dataset, 6, seed: 9, augmentation: augmentation);
        (int epoch, int batch) = resumed.PositionOf((2 * resumed.BatchesPerEpoch) + 4);
        List<float[]> rest = resumed.Epoch(epoch, batch).Select(b => b.Images.Data.ToArray()).ToList();

        Assert.Equal((2, 4), (epoch, batch));
        Assert.Equal(expected.Skip(4), rest);
    }

    [Fact]
    public void BatchBuffersAreReused()
    {
        var loader = new DataLoader(DatasetTests.IndexedDataset(25), 10, seed: 1);

        DataBatch first = loader.GetBatch(0, 0);
        Tensor images = first.Images;
        DataBatch second = loader.GetBatch(0, 1);
        DataBatch last = loader.GetBatch(0, 2);

        Assert.Same(first, second);
        Assert.Same(images, second.Images);
        Assert.NotSame(first, last);
        Assert.Same(last, loader.GetBatch(1, 2));
    }

    [Fact]
    public void SteadyStateBatchesDoNotAllocate()
    {
        var loader = new DataLoader(RandomImages(70, 6, 6), 16, seed: 2, augmentation: new Augmentation(2, horizontalFlip: true));
        for (int b = 0; b < loader.BatchesPerEpoch; b++)
        {
            loader.GetBatch(0, b);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < loader.BatchesPerEpoch; b++)
        {
            loader.GetBatch(0, b);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RejectsBatchesOutsideTheEpoch()
    {
        var loader = new DataLoader(DatasetTests.IndexedDataset(25), 10, seed: 1);

        Assert.Throws<SprigException>(() => loader.GetBatch(0, 3));
        Assert.Throws<SprigException>(() => loader.Epoch(0, 4));
        Assert.Throws<SprigException>(() => new DataLoader(DatasetTests.IndexedDataset(5), 0, 1));
    }

    [Fact]
    public void AugmentationDependsOnlyOnSeedEpochAndSample()
    {
        Dataset dataset = RandomImages(40, 5, 7);
        var augmentation = new Augmentation(2, horizontalFlip: true);
        Dictionary<int, float[]> small = Augmented(new DataLoader(dataset, 7, seed: 5, augmentation: augmentation), epoch: 1);
        Dictionary<int, float[]> large = Augmented(new DataLoader(dataset, 13, seed: 5, augmentation: augmentation), epoch: 1);
        Dictionary<int, float[]> otherEpoch = Augmented(new DataLoader(dataset, 7, seed: 5, augmentation: augmentation), epoch: 2);

        int differing = 0;
        for (int sample = 0; sample < 40; sample++)
        {
            Assert.Equal(small[sample], large[sample]);
            differing += small[sample].SequenceEqual(otherEpoch[sample]) ? 0 : 1;
        }

        Assert.True(differing > 20, $"only {differing} of 40 samples changed between epochs");
    }

    [Theory]
    [InlineData(2, true, false)]
    [InlineData(1, false, true)]
    [InlineData(0, true, true)]
    public void AugmentedSamplesAreShiftedOrMirroredCopiesPaddedWithBlack(int padding, bool flip, bool normalize)
    {
        Dataset dataset = RandomImages(60, 5, 7);
        if (normalize)
        {
            dataset.Normalize(new Normalization([0.25f], [0.5f]));
        }

        float black = normalize ? -0.5f : 0f;
        var loader = new DataLoader(dataset, 16, seed: 8, augmentation: new Augmentation(padding, flip));
        var transforms = new HashSet<(int Dx, int Dy, bool Flip)>();
        foreach ((int sample, float[] output) in Augmented(loader, epoch: 0))
        {
            (int Dx, int Dy, bool Flip)? match = FindTransform(dataset.Sample(sample), output, 5, 7, padding, flip, black);
            Assert.True(match.HasValue, $"sample {sample} is not a padded shift or mirror of its source");
            transforms.Add(match.Value);
        }

        int possible = ((2 * padding) + 1) * ((2 * padding) + 1) * (flip ? 2 : 1);
        Assert.True(transforms.Count > possible / 2, $"only {transforms.Count} of {possible} transforms occurred");
    }

    private static (int Dx, int Dy, bool Flip)? FindTransform(ReadOnlySpan<float> input, float[] output, int height, int width, int padding, bool allowFlip, float black)
    {
        foreach (bool flip in (ReadOnlySpan<bool>)(allowFlip ? [false, true] : [false]))
        {
            for (int dy = -padding; dy <= padding; dy++)
            {
                for (int dx = -padding; dx <= padding; dx++)
                {
                    bool same = true;
                    for (int y = 0; y < height && same; y++)
                    {
                        for (int x = 0; x < width && same; x++)
                        {
                            int sy = y + dy;
                            int sx = (flip ? width - 1 - x : x) + dx;
                            float expected = sy >= 0 && sy < height && sx >= 0 && sx < width ? input[(sy * width) + sx] : black;
                            same = output[(y * width) + x] == expected;
                        }
                    }

                    if (same)
                    {
                        return (dx, dy, flip);
                    }
                }
            }
        }

        return null;
    }

    private static int[] Order(DataLoader loader, int epoch) => loader.Epoch(epoch).SelectMany(b => b.SampleIndices.ToArray()).ToArray();

    private static Dictionary<int, float[]> Augmented(DataLoader loader, int epoch)
    {
        var bySample = new Dictionary<int, float[]>();
        int size = loader.Dataset.SampleSize;
        foreach (DataBatch batch in loader.Epoch(epoch))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                bySample[batch.SampleIndices[i]] = batch.Images.Span.Slice(i * size, size).ToArray();
            }
        }

        return bySample;
    }

    private static Dataset RandomImages(int count, int height, int width)
    {
        var rng = new Rng(77);
        var images = new Tensor(count, 1, height, width);
        for (int i = 0; i < images.Length; i++)
        {
            images.Data[i] = 0.1f + rng.NextFloat();
        }

        return new Dataset("random", images, new int[count], 1);
    }
}
