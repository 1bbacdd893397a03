using Sprig.Tensors;

namespace Sprig.Data;

/// <summary>
/// A labelled image set held in memory: images as float32 [N, C, H, W] (pixels in [0, 1] until
/// <see cref="Normalize"/> is called) and one class label per image.
/// </summary>
public sealed class Dataset
{
    /// <summary>
    /// Creates the dataset. <paramref name="classCount"/> defaults to the largest label + 1; when given, every label
    /// must be below it.
    /// </summary>
    public Dataset(string name, Tensor images, int[] labels, int? classCount = null)
    {
        if (images.Rank != 4)
        {
            throw new SprigException($"dataset '{name}': images must be [N, C, H, W], got {images}");
        }

        if (images.Dim(0) != labels.Length)
        {
            throw new SprigException($"dataset '{name}': {images.Dim(0)} images but {labels.Length} labels");
        }

        int maxLabel = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0)
            {
                throw new SprigException($"dataset '{name}': label {labels[i]} of sample {i} is negative");
            }

            maxLabel = Math.Max(maxLabel, labels[i]);
        }

        int classes = classCount ?? maxLabel + 1;
        if (classes < 1)
        {
            throw new SprigException($"dataset '{name}': needs at least one class, got {classes}");
        }

        if (maxLabel >= classes)
        {
            int sample = Array.IndexOf(labels, maxLabel);
            throw new SprigException($"dataset '{name}': label {maxLabel} of sample {sample} is out of range for {classes} classes");
        }

        Name = name;
        Images = images;
        Labels = labels;
        ClassCount = classes;
    }

    /// <summary>A short name for messages, e.g. <c>fashion-mnist/train</c>.</summary>
    public string Name { get; }

    /// <summary>The images, [N, C, H, W].</summary>
    public Tensor Images { get; }

    /// <summary>The label of each image, in [0, <see cref="ClassCount"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The normalisation applied to the images, or null while they are raw [0, 1] pixels.</summary>
    public Normalization? Normalization { get; private set; }

    /// <summary>The number of samples, N.</summary>
    public int Count => Images.Dim(0);

    /// <summary>Channels per image, C.</summary>
    public int Channels => Images.Dim(1);

    /// <summary>Image height, H.</summary>
    public int Height => Images.Dim(2);

    /// <summary>Image width, W.</summary>
    public int Width => Images.Dim(3);

    /// <summary>Floats per image, C × H × W.</summary>
    public int SampleSize => Channels * Height * Width;

    /// <summary>The pixels of sample <paramref name="index"/>, [C, H, W].</summary>
    public ReadOnlySpan<float> Sample(int index) => Images.Span.Slice(index * SampleSize, SampleSize);

    /// <summary>Normalises the images in place; a dataset is normalised at most once.</summary>
    public void Normalize(Normalization normalization)
    {
        if (Normalization is not null)
        {
            throw new SprigException($"dataset '{Name}' is already normalised ({Normalization})");
        }

        normalization.Apply(Images.Span, Channels, Height * Width);
        Normalization = normalization;
    }

    /// <summary>A copy holding the samples at <paramref name="indices"/>, in that order, with the same class count.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices, string name)
    {
        int size = SampleSize;
        var images = new Tensor(indices.Length, Channels, Height, Width);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            Sample(indices[i]).CopyTo(images.Span.Slice(i * size, size));
            labels[i] = Labels[indices[i]];
        }

        var subset = new Dataset(name, images, labels, ClassCount) { Normalization = Normalization };
        return subset;
    }

    /// <summary>
    /// Holds out round(<paramref name="fraction"/> × N) samples, chosen by <paramref name="seed"/> alone, as a
    /// validation set; both parts keep the original sample order.
    /// </summary>
    public (Dataset Train, Dataset Validation) SplitValidation(double fraction, ulong seed)
    {
        if (!(fraction > 0.0 && fraction < 1.0))
        {
            throw new SprigException($"validation fraction must be in (0, 1), got {fraction}");
        }

        int held = (int)Math.Round(fraction * Count);
        if (held < 1 || held >= Count)
        {
            throw new SprigException($"validation fraction {fraction} of {Count} samples leaves an empty part");
        }

        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Rng(SeedHash.Mix(seed, SeedHash.SplitStream)).Shuffle(order.AsSpan());
        int[] validation = order[..held];
        int[] train = order[held..];
        Array.Sort(validation);
        Array.Sort(train);
        return (Subset(train, $"{Name}[train split]"), Subset(validation, $"{Name}[validation split]"));
    }
}
