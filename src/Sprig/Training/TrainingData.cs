using Sprig.Data;

namespace Sprig.Training;

/// <summary>
/// The data of a run as the options describe it: the dataset found (or synthetic data when Fashion-MNIST is absent
/// and no directory was named), subsets, the validation split, normalisation by the training statistics, and loaders.
/// </summary>
internal sealed class TrainingData
{
    private TrainingData(string name, DataLoader train, DataLoader? validation, DataLoader test)
    {
        Name = name;
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>The dataset actually used.</summary>
    public string Name { get; }

    /// <summary>Shuffled (and augmented, when asked) training batches.</summary>
    public DataLoader Train { get; }

    /// <summary>The held-out split in order, or null.</summary>
    public DataLoader? Validation { get; }

    /// <summary>The test set in order.</summary>
    public DataLoader Test { get; }

    public int Channels => Train.Dataset.Channels;

    public int Height => Train.Dataset.Height;

    public int Width => Train.Dataset.Width;

    public int Classes => Math.Max(Train.Dataset.ClassCount, Test.Dataset.ClassCount);

    public int StepsPerEpoch => Train.BatchesPerEpoch;

    public static TrainingData Load(TrainingOptions o, ITrainingObserver observer)
    {
        var (name, data) = Find(o, observer);
        Dataset train = Limit(data.Train, o.TrainLimit);
        Dataset test = Limit(data.Test, o.TestLimit);
        Dataset? validation = null;
        ulong seed = (ulong)o.Seed;
        if (o.ValidationSplit > 0)
        {
            (train, validation) = train.SplitValidation(o.ValidationSplit, seed);
        }

        // Statistics of the training part only, applied to every part, as a user of held-out data must.
        Normalization normalization = Normalization.Compute(train);
        train.Normalize(normalization);
        test.Normalize(normalization);
        validation?.Normalize(normalization);
        Augmentation augmentation = o.Augment ? new Augmentation(cropPadding: 2, horizontalFlip: true) : Augmentation.None;
        return new TrainingData(
            name,
            new DataLoader(train, o.BatchSize, seed, shuffle: true, augmentation),
            // Evaluation uses the training batch size so every layer keeps the buffers it already has.
            validation is null ? null : new DataLoader(validation, o.BatchSize, seed, shuffle: false),
            new DataLoader(test, o.BatchSize, seed, shuffle: false));
    }

    private static (string Name, TrainTestData Data) Find(TrainingOptions o, ITrainingObserver observer)
    {
        switch (o.Dataset)
        {
            case "synthetic":
                return ("synthetic", SyntheticDataset.Create((ulong)o.Seed));
            case "fashion-mnist":
                if (o.DataDirectory is not null)
                {
                    return (o.Dataset, IdxDatasetLoader.Load(DatasetLocator.Locate(o.Dataset, o.DataDirectory), o.Dataset));
                }

                if (DatasetLocator.Find(o.Dataset, null) is { } files)
                {
                    return (o.Dataset, IdxDatasetLoader.Load(files, o.Dataset));
                }

                observer.OnMessage($"Fashion-MNIST not found in {string.Join(", ", DatasetLocator.SearchDirectories(o.Dataset, null))} (apt-get install dataset-fashion-mnist); training on synthetic data instead");
                return ("synthetic", SyntheticDataset.Create((ulong)o.Seed));
            default:
                throw new SprigException($"unknown dataset '{o.Dataset}'; choose fashion-mnist or synthetic");
        }
    }

    private static Dataset Limit(Dataset dataset, int limit)
    {
        if (limit <= 0 || limit >= dataset.Count)
        {
            return dataset;
        }

        int[] first = new int[limit];
        for (int i = 0; i < limit; i++)
        {
            first[i] = i;
        }

        return dataset.Subset(first, dataset.Name);
    }
}
