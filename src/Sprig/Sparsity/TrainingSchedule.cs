namespace Sprig.Sparsity;

/// <summary>The length of a training run in steps, which schedules are expressed against.</summary>
/// <param name="Epochs">Total epochs.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch.</param>
public sealed record TrainingSchedule(int Epochs, int StepsPerEpoch)
{
    /// <summary>Total optimizer steps of the run.</summary>
    public long TotalSteps => (long)Epochs * StepsPerEpoch;

    /// <summary>The step at which epoch <paramref name="epoch"/> (a possibly fractional number of epochs) starts.</summary>
    public long StepAt(double epoch) => (long)Math.Round(epoch * StepsPerEpoch);
}
