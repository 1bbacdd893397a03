using Sprig.Tensors;

namespace Sprig.Data;

/// <summary>
/// One mini-batch produced by <see cref="DataLoader"/>. The loader reuses its batch objects: the contents are valid
/// until the next batch is requested.
/// </summary>
public sealed class DataBatch
{
    internal DataBatch(int size, int channels, int height, int width)
    {
        Images = new Tensor(size, channels, height, width);
        Labels = new int[size];
        SampleIndices = new int[size];
    }

    /// <summary>The images, [Count, C, H, W].</summary>
    public Tensor Images { get; }

    /// <summary>The label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>The dataset index each image came from.</summary>
    public int[] SampleIndices { get; }

    /// <summary>The number of samples (the batch size, or less for the last batch of an epoch).</summary>
    public int Count => Labels.Length;

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The position of this batch within its epoch.</summary>
    public int Index { get; internal set; }
}
