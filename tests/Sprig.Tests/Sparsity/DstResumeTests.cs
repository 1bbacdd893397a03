using Sprig.Sparsity;
using Sprig.Training;

namespace Sprig.Tests.Sparsity;

/// <summary>A RigL run (or SET ones on the sparse kernels) interrupted at a checkpoint and resumed reaches the uninterrupted run's weights, masks and metrics exactly.</summary>
public sealed class DstResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"sprig-dst-resume-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("rigl", 0)]
    [InlineData("rigl", 7)]
    [InlineData("snfs", 0)]
    [InlineData("srigl", 7)]
    [InlineData("set", 7, "auto")]
    [InlineData("set", 0, "sparse")]
    public void ResumedRunMatchesTheUninterruptedOne(string method, int checkpointEvery, string execution = "dense")
    {
        var options = new TrainingOptions
        {
            Dataset = "synthetic", TrainLimit = 480, TestLimit = 100, BatchSize = 32, Epochs = 2, Threads = 1, Seed = 3,
            CheckpointEvery = checkpointEvery, Execution = execution,
            Sparsity = new SparsityOptions { Method = method, Sparsity = 0.9, UpdateEvery = 4 },
        };
        string straight = Path.Combine(_root, "straight");
        string resumed = Path.Combine(_root, "resumed");
        Trainer.Create(options, straight, new Interrupter(int.MaxValue, int.MaxValue)).Run();

        // Stop after the first epoch's checkpoint, or mid-epoch right after a step checkpoint.
        var stop = checkpointEvery == 0 ? new Interrupter(1, int.MaxValue) : new Interrupter(int.MaxValue, checkpointEvery + 1);
        Assert.Throws<InterruptedRun>(() => Trainer.Create(options, resumed, stop).Run());
        Trainer.Resume(resumed, new Interrupter(int.MaxValue, int.MaxValue)).Run();

        var expected = Checkpoint(straight);
        var actual = Checkpoint(resumed);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, values) in expected)
        {
            Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{name} differs after resume");
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
