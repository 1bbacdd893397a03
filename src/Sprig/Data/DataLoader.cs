using Sprig.Kernels.Elementwise;
using Sprig.Tensors;

namespace Sprig.Data;

/// <summary>
/// Cuts a <see cref="Dataset"/> into mini-batches, shuffled and augmented. Every random choice is a function of
/// (seed, epoch) for the order and (seed, epoch, sample index) for augmentation, so any batch can be rebuilt from its
/// epoch and position alone: a run resumed at step s draws exactly the batches the uninterrupted run drew, with no
/// loader state in the checkpoint. The last, partial batch of an epoch is kept (PyTorch's default).
/// </summary>
public sealed class DataLoader
{
    private readonly int[] _order;
    private readonly DataBatch _fullBatch;
    private readonly DataBatch? _partialBatch;
    private int _orderEpoch = -1;

    /// <summary>Creates the loader; <paramref name="shuffle"/> false keeps dataset order (for evaluation).</summary>
    public DataLoader(Dataset dataset, int batchSize, ulong seed, bool shuffle = true, Augmentation? augmentation = null)
    {
        if (batchSize < 1)
        {
            throw new SprigException($"batch size must be at least 1, got {batchSize}");
        }

        if (dataset.Count == 0)
        {
            throw new SprigException($"dataset '{dataset.Name}' is empty");
        }

        Dataset = dataset;
        Seed = seed;
        Shuffle = shuffle;
        Augmentation = augmentation ?? Augmentation.None;
        BatchSize = Math.Min(batchSize, dataset.Count);
        BatchesPerEpoch = (dataset.Count + BatchSize - 1) / BatchSize;
        _order = new int[dataset.Count];
        _fullBatch = new DataBatch(BatchSize, dataset.Channels, dataset.Height, dataset.Width);
        int remainder = dataset.Count % BatchSize;
        if (remainder != 0)
        {
            _partialBatch = new DataBatch(remainder, dataset.Channels, dataset.Height, dataset.Width);
        }
    }

    /// <summary>The dataset batches come from.</summary>
    public Dataset Dataset { get; }

    /// <summary>The samples per batch (the last batch of an epoch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>The seed of the shuffle order and of augmentation.</summary>
    public ulong Seed { get; }

    /// <summary>Whether each epoch visits the samples in a fresh random order.</summary>
    public bool Shuffle { get; }

    /// <summary>The augmentation applied to each sample.</summary>
    public Augmentation Augmentation { get; }

    /// <summary>Batches per epoch, the last one possibly partial.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The epoch and the batch within it of global step <paramref name="step"/> (steps count from 0).</summary>
    public (int Epoch, int Batch) PositionOf(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return (checked((int)(step / BatchesPerEpoch)), (int)(step % BatchesPerEpoch));
    }

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on (to resume mid-epoch).</summary>
    public IEnumerable<DataBatch> Epoch(int epoch, int startBatch = 0)
    {
        if (startBatch < 0 || startBatch > BatchesPerEpoch)
        {
            throw new SprigException($"start batch {startBatch} is outside the {BatchesPerEpoch} batches of an epoch");
        }

        return Batches(epoch, startBatch);
    }

    /// <summary>
    /// Builds batch <paramref name="batchIndex"/> of <paramref name="epoch"/> into a reused buffer; the result is valid
    /// until the next call.
    /// </summary>
    public DataBatch GetBatch(int epoch, int batchIndex)
    {
        if (epoch < 0 || batchIndex < 0 || batchIndex >= BatchesPerEpoch)
        {
            throw new SprigException($"batch {batchIndex} of epoch {epoch} does not exist; an epoch has {BatchesPerEpoch} batches");
        }

        ReadOnlySpan<int> order = OrderOf(epoch);
        int start = batchIndex * BatchSize;
        int count = Math.Min(BatchSize, Dataset.Count - start);
        DataBatch batch = count == BatchSize ? _fullBatch : _partialBatch!;
        batch.Epoch = epoch;
        batch.Index = batchIndex;
        int size = Dataset.SampleSize;
        ReadOnlySpan<int> samples = order.Slice(start, count);
        for (int i = 0; i < count; i++)
        {
            batch.SampleIndices[i] = samples[i];
            batch.Labels[i] = Dataset.Labels[samples[i]];
        }

        Span<float> images = batch.Images.Span;
        if (!Augmentation.IsEnabled)
        {
            RowGather.Gather(Dataset.Images.Span, size, samples, images);
            return batch;
        }

        for (int i = 0; i < count; i++)
        {
            ulong bits = SeedHash.Mix(Seed, SeedHash.AugmentStream, (ulong)epoch, (ulong)samples[i]);
            SampleAugmenter.Apply(Dataset, samples[i], Augmentation, bits, images.Slice(i * size, size));
        }

        return batch;
    }

    private IEnumerable<DataBatch> Batches(int epoch, int startBatch)
    {
        for (int b = startBatch; b < BatchesPerEpoch; b++)
        {
            yield return GetBatch(epoch, b);
        }
    }

    /// <summary>The visiting order of <paramref name="epoch"/>, recomputed only when the epoch changes.</summary>
    private int[] OrderOf(int epoch)
    {
        if (_orderEpoch == epoch)
        {
            return _order;
        }

        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (Shuffle)
        {
            new Rng(SeedHash.Mix(Seed, SeedHash.ShuffleStream, (ulong)epoch)).Shuffle(_order.AsSpan());
        }

        _orderEpoch = epoch;
        return _order;
    }
}
