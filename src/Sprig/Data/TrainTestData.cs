namespace Sprig.Data;

/// <summary>A training set and a test set of the same task (same image shape and class count).</summary>
public sealed class TrainTestData
{
    /// <summary>Pairs the two sets; they must agree on image shape.</summary>
    public TrainTestData(Dataset train, Dataset test)
    {
        if (train.Channels != test.Channels || train.Height != test.Height || train.Width != test.Width)
        {
            throw new SprigException($"training set '{train.Name}' has images {train.Channels}x{train.Height}x{train.Width} but test set '{test.Name}' has {test.Channels}x{test.Height}x{test.Width}");
        }

        Train = train;
        Test = test;
    }

    /// <summary>The training set.</summary>
    public Dataset Train { get; }

    /// <summary>The test set.</summary>
    public Dataset Test { get; }

    /// <summary>Computes the statistics of the training set and normalises both sets with them.</summary>
    public Normalization NormalizeFromTrain()
    {
        Normalization normalization = Normalization.Compute(Train);
        Train.Normalize(normalization);
        Test.Normalize(normalization);
        return normalization;
    }
}
