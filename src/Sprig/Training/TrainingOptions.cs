using Sprig.Nn;
using Sprig.Sparsity;

namespace Sprig.Training;

/// <summary>
/// The whole configuration of a training run. It is stored in every checkpoint, so a resumed run rebuilds exactly
/// the same model, data order and schedules. Defaults match the PyTorch peer script (SGD, lr 0.05, momentum 0.9,
/// weight decay 5e-4, batch 128, constant learning rate) so that the two can be compared side by side.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Model name (see <c>ModelZoo.Names</c>).</summary>
    public string Model { get; init; } = "mlp";

    /// <summary><c>fashion-mnist</c> (IDX files) or <c>synthetic</c> (generated in code).</summary>
    public string Dataset { get; init; } = "fashion-mnist";

    /// <summary>Directory holding the IDX files; null searches <c>$SPRIG_DATA</c>, then the Debian package's folder.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Number of epochs.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Peak learning rate.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary><c>sgd</c> or <c>adamw</c>.</summary>
    public string Optimizer { get; init; } = "sgd";

    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Use Nesterov momentum (SGD).</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay (L2 for SGD, decoupled for AdamW).</summary>
    public float WeightDecay { get; init; } = 5e-4f;

    /// <summary><c>constant</c>, <c>step</c>, <c>multistep</c> or <c>cosine</c>.</summary>
    public string LearningRateSchedule { get; init; } = "constant";

    /// <summary>Epochs between decays for <c>step</c>.</summary>
    public int StepEpochs { get; init; } = 30;

    /// <summary>Epochs at which <c>multistep</c> decays.</summary>
    public IReadOnlyList<int> Milestones { get; init; } = [];

    /// <summary>Decay factor for <c>step</c> and <c>multistep</c>.</summary>
    public float Gamma { get; init; } = 0.1f;

    /// <summary>Epochs of linear warm-up before the schedule.</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Training loss, one of <see cref="Losses.Names"/>: cross-entropy (softmax) or sigmoid-bce (sigmoid outputs, one binary cross-entropy per class).</summary>
    public string Loss { get; init; } = Losses.CrossEntropy;

    /// <summary>Label smoothing of the cross-entropy loss.</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>Fraction of the training set held out for validation.</summary>
    public double ValidationSplit { get; init; }

    /// <summary>Random crop (padding 2) and horizontal flip on training batches.</summary>
    public bool Augment { get; init; }

    /// <summary>Training subset size (0 = all), for quick runs and paper set-ups such as SET's 2,000 images.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Test subset size (0 = all).</summary>
    public int TestLimit { get; init; }

    /// <summary>Seed of every random choice in the run.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for the kernels.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Save a checkpoint every this many steps as well as at each epoch end (0 = epoch ends only).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>The sparsification method and its parameters (<c>dense</c> by default).</summary>
    public SparsityOptions Sparsity { get; init; } = new();

    /// <summary>What to do when the loss or a parameter becomes NaN or infinite: <c>stop</c> or <c>skip-batch</c>.</summary>
    public string OnNan { get; init; } = "stop";

    /// <summary>
    /// How masked linear and convolution layers run: <c>dense</c>, <c>sparse</c> or <c>auto</c> (per layer, by a cost
    /// model of its shape and nonzeros; see <see cref="Execution.ExecutionPlanner"/>). The plan depends only on the
    /// masks, so every mode is deterministic for a seed and resumes bit for bit; the modes agree to float tolerance.
    /// </summary>
    public string Execution { get; init; } = "auto";
}
