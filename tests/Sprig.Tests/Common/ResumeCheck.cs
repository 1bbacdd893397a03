using Sprig.Training;

namespace Sprig.Tests.Common;

/// <summary>
/// Trains a run straight through and again with an interruption and a resume, then checks that both end with the
/// same checkpoint tensors and masks and the same metrics log (wall-clock fields aside).
/// </summary>
internal static class ResumeCheck
{
    /// <summary>
    /// Runs <paramref name="options"/> in <paramref name="root"/>/straight and <paramref name="root"/>/resumed, the
    /// second one stopped after epoch <paramref name="stopAfterEpoch"/> or at step <paramref name="stopAtStep"/> of an
    /// epoch, and compares the checkpoints in each run directory and in its <paramref name="subdirectories"/>.
    /// </summary>
    public static void AssertResumedRunMatches(TrainingOptions options, string root, int stopAfterEpoch, int stopAtStep, params string[] subdirectories)
    {
        string straight = Path.Combine(root, "straight");
        string resumed = Path.Combine(root, "resumed");
        Trainer.Create(options, straight, new Interrupter(int.MaxValue, int.MaxValue)).Run();

        Assert.Throws<InterruptedRun>(() => Trainer.Create(options, resumed, new Interrupter(stopAfterEpoch, stopAtStep)).Run());
        Trainer.Resume(resumed, new Interrupter(int.MaxValue, int.MaxValue)).Run();

        foreach (string directory in (string[])["", .. subdirectories])
        {
            var expected = Checkpoint(Path.Combine(straight, directory));
            var actual = Checkpoint(Path.Combine(resumed, directory));
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, values) in expected)
            {
                Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{Path.Combine(directory, name)} differs after resume");
            }
        }

        Assert.Equal(File.ReadAllText(Path.Combine(straight, Trainer.MetricsFile)).Split('\n').Select(WithoutTimes),
            File.ReadAllText(Path.Combine(resumed, Trainer.MetricsFile)).Split('\n').Select(WithoutTimes));
    }

    private static Dictionary<string, float[]> Checkpoint(string directory)
    {
        var checkpoint = Sprig.Serialization.Checkpoint.Load(Path.Combine(directory, Trainer.CheckpointFile));
        var all = checkpoint.Tensors.ToDictionary(t => t.Key, t => t.Value.Data, StringComparer.Ordinal);
        foreach (var (name, mask) in checkpoint.Masks)
        {
            all[name] = mask.Data;
        }

        return all;
    }

    // Drops the wall-clock fields, which differ between runs.
    private static string WithoutTimes(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, "\"(seconds|samples_per_second)\":[^,}]*", "");

    private sealed class InterruptedRun : Exception;

    private sealed class Interrupter(int stopAfterEpoch, int stopAtStep) : ITrainingObserver
    {
        public void OnMessage(string message)
        {
        }

        public void OnEpochStart(int epoch, int epochs, int stepsPerEpoch, int firstStep)
        {
        }

        public void OnStep(int stepInEpoch, double loss, double accuracy, double samplesPerSecond)
        {
            if (stepInEpoch == stopAtStep)
            {
                throw new InterruptedRun();
            }
        }

        public void OnEpochEnd(EpochRecord record)
        {
            if (record.Epoch >= stopAfterEpoch)
            {
                throw new InterruptedRun();
            }
        }
    }
}
