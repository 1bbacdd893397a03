namespace Sprig.Training;

/// <summary>Receives progress from a <see cref="Trainer"/> (the CLI draws a progress bar or prints lines from it).</summary>
public interface ITrainingObserver
{
    /// <summary>A note for the user, such as a fall-back to synthetic data.</summary>
    public void OnMessage(string message);

    /// <summary>An epoch starts; <paramref name="firstStep"/> is non-zero when resuming mid-epoch.</summary>
    public void OnEpochStart(int epoch, int epochs, int stepsPerEpoch, int firstStep);

    /// <summary>A training step finished; loss and accuracy are running means over the epoch so far.</summary>
    public void OnStep(int stepInEpoch, double loss, double accuracy, double samplesPerSecond);

    /// <summary>An epoch finished and was evaluated.</summary>
    public void OnEpochEnd(EpochRecord record);
}
