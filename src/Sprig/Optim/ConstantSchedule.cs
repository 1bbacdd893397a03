using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>The same learning rate at every step.</summary>
/// <param name="LearningRate">The rate.</param>
public sealed record ConstantSchedule(float LearningRate) : ILearningRateSchedule
{
    /// <inheritdoc />
    public float At(long step, TrainingSchedule run) => LearningRate;
}
