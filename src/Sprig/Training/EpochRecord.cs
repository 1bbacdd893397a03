namespace Sprig.Training;

/// <summary>What one epoch did; one line of the metrics log.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Step">Global optimizer steps done at the end of the epoch.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch (on the augmented batches, in training mode).</param>
/// <param name="ValidationAccuracy">Accuracy on the held-out split, or null without one.</param>
/// <param name="TestAccuracy">Accuracy on the test set.</param>
/// <param name="LearningRate">Learning rate at the last step of the epoch.</param>
/// <param name="Seconds">Wall time of the epoch's training steps (evaluation excluded).</param>
/// <param name="SamplesPerSecond">Training throughput.</param>
/// <param name="Sparsity">Global sparsity of the prunable weights at the end of the epoch.</param>
/// <param name="Events">Sparsity-method events of the epoch (drops, grows, …), by name.</param>
public sealed record EpochRecord(
    int Epoch,
    long Step,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationAccuracy,
    double TestAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond,
    double Sparsity,
    IReadOnlyDictionary<string, object>? Events);
