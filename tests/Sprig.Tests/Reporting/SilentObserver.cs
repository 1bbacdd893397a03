using Sprig.Training;

namespace Sprig.Tests.Reporting;

/// <summary>A training observer that ignores everything.</summary>
internal sealed class SilentObserver : ITrainingObserver
{
    public static SilentObserver Instance { get; } = new();

    public void OnMessage(string message)
    {
    }

    public void OnEpochStart(int epoch, int epochs, int stepsPerEpoch, int firstStep)
    {
    }

    public void OnStep(int stepInEpoch, double loss, double accuracy, double samplesPerSecond)
    {
    }

    public void OnEpochEnd(EpochRecord record)
    {
    }
}
