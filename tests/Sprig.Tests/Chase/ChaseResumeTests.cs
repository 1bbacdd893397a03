using System.Text.Json;
using Sprig.Serialization;
using Sprig.Sparsity;
using Sprig.Tests.Common;
using Sprig.Training;

namespace Sprig.Tests.Chase;

/// <summary>
/// A Chase run with a validation split, interrupted after a phase-B epoch and resumed, keeps its best-validation
/// snapshot: it ends with the same restored and shrunk model as the uninterrupted run.
/// </summary>
public sealed class ChaseResumeTests : IDisposable
{
    private const int StopAfterEpoch = 3;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"sprig-chase-resume-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void ResumedRunKeepsTheBestValidationSnapshot()
    {
        var options = new TrainingOptions
        {
            Dataset = "synthetic", TrainLimit = 480, TestLimit = 100, BatchSize = 32, Epochs = 4, Threads = 1, Seed = 3,
            ValidationSplit = 0.25,
            Sparsity = new SparsityOptions { Method = "chase", Sparsity = 0.8, UpdateEvery = 4, DstStopEpochs = 3 },
        };

        ResumeCheck.AssertResumedRunMatches(options, _root, StopAfterEpoch, int.MaxValue, Trainer.ShrunkDirectory);

        // The check means something only if the snapshot the run ends with was taken before the interruption.
        string straight = Path.Combine(_root, "straight");
        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(Path.Combine(straight, Trainer.ResultsFile)));
        double[] validation = [.. results.RootElement.GetProperty("val_accuracy_per_epoch").EnumerateArray().Select(e => e.GetDouble())];
        Assert.True(validation[..StopAfterEpoch].Max() > validation[StopAfterEpoch..].Max(), $"validation accuracies {string.Join(", ", validation)} do not peak by epoch {StopAfterEpoch}");
        Checkpoint checkpoint = Checkpoint.Load(Path.Combine(straight, Trainer.CheckpointFile));
        Assert.Contains(checkpoint.Tensors.Keys, name => name.StartsWith("method/chase.best.", StringComparison.Ordinal));
    }
}
