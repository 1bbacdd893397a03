using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>Multiplies the learning rate by γ every <c>EveryEpochs</c> epochs (PyTorch's <c>StepLR</c> stepped per epoch).</summary>
public sealed class StepSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="SprigException"><paramref name="everyEpochs"/> is not positive.</exception>
    public StepSchedule(float learningRate, int everyEpochs, float gamma)
    {
        if (everyEpochs < 1)
        {
            throw new SprigException($"step schedule needs a positive epoch interval, got {everyEpochs}");
        }

        LearningRate = learningRate;
        EveryEpochs = everyEpochs;
        Gamma = gamma;
    }

    /// <summary>The rate in the first epochs.</summary>
    public float LearningRate { get; }

    /// <summary>How many epochs pass between decays.</summary>
    public int EveryEpochs { get; }

    /// <summary>The factor applied at each decay.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public float At(long step, TrainingSchedule run)
    {
        long epoch = step / Math.Max(1, run.StepsPerEpoch);
        return (float)(LearningRate * Math.Pow(Gamma, epoch / EveryEpochs));
    }
}
