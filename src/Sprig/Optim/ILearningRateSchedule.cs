using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>
/// A learning rate as a function of the optimizer step. The trainer sets <see cref="Optimizer.LearningRate"/> to
/// <see cref="At"/> before every step; schedules are pure, so a resumed run gets the same rates.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for 0-based step <paramref name="step"/> of a run of length <paramref name="run"/>.</summary>
    public float At(long step, TrainingSchedule run);
}
