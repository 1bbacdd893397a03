using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>
/// Cosine annealing to zero over the whole run, evaluated per step (not per epoch):
/// <c>η(t) = η₀ · ½ · (1 + cos(π · t / T))</c> with T the run's total steps.
/// </summary>
/// <param name="LearningRate">The rate η₀ at step 0.</param>
public sealed record CosineSchedule(float LearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public float At(long step, TrainingSchedule run)
    {
        double progress = run.TotalSteps > 0 ? Math.Clamp((double)step / run.TotalSteps, 0.0, 1.0) : 0.0;
        return (float)(LearningRate * 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}
