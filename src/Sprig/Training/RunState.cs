namespace Sprig.Training;

/// <summary>The counters and history of a run that a checkpoint carries besides tensors.</summary>
public sealed record RunState
{
    /// <summary>The run's configuration.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Dataset actually used (<c>synthetic</c> after a fall-back).</summary>
    public required string DatasetUsed { get; init; }

    /// <summary>Optimizer steps done since the start of the run.</summary>
    public long GlobalStep { get; set; }

    /// <summary>Epochs completed.</summary>
    public int EpochsDone { get; set; }

    /// <summary>Steps done inside the current, unfinished epoch.</summary>
    public int StepInEpoch { get; set; }

    /// <summary>Running sums of the unfinished epoch: loss·samples, correct predictions, samples, seconds.</summary>
    public double[] EpochSums { get; set; } = new double[4];

    /// <summary>Wall time of all earlier parts of the run.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Finished epochs.</summary>
    public List<EpochRecord> History { get; init; } = [];

    /// <summary>State of the random generator used during training (dropout, sparsity methods).</summary>
    public uint[] TrainingRng { get; set; } = [];

    /// <summary>Sparsity-method state beyond masks and weights.</summary>
    public Dictionary<string, double[]> MethodState { get; set; } = [];

    /// <summary>
    /// The output width of each channel-pruned layer (by module name) once the model was shrunk, or null for the
    /// model zoo's widths: a shrunk run is rebuilt by building the zoo model and narrowing these layers.
    /// </summary>
    public Dictionary<string, int>? ChannelWidths { get; init; }
}
