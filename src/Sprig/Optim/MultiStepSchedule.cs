using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>
/// Multiplies the learning rate by γ at each milestone epoch (PyTorch's <c>MultiStepLR</c> stepped per epoch):
/// from epoch <c>milestone</c> (0-based) on, one more factor γ applies.
/// </summary>
public sealed class MultiStepSchedule : ILearningRateSchedule
{
    private readonly int[] _milestones;

    /// <summary>Creates the schedule.</summary>
    /// <exception cref="SprigException">A milestone is negative.</exception>
    public MultiStepSchedule(float learningRate, IEnumerable<int> milestones, float gamma)
    {
        _milestones = [.. milestones];
        Array.Sort(_milestones);
        if (_milestones.Length > 0 && _milestones[0] < 0)
        {
            throw new SprigException($"multi-step schedule milestones must be non-negative epochs, got {string.Join(", ", _milestones)}");
        }

        LearningRate = learningRate;
        Gamma = gamma;
    }

    /// <summary>The rate before the first milestone.</summary>
    public float LearningRate { get; }

    /// <summary>The milestone epochs, ascending.</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>The factor applied at each milestone.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public float At(long step, TrainingSchedule run)
    {
        long epoch = step / Math.Max(1, run.StepsPerEpoch);
        int passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= epoch)
        {
            passed++;
        }

        return (float)(LearningRate * Math.Pow(Gamma, passed));
    }
}
