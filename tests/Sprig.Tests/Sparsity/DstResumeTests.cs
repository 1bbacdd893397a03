using Sprig.Sparsity;
using Sprig.Tests.Common;
using Sprig.Tests.Reporting;
using Sprig.Training;

namespace Sprig.Tests.Sparsity;

/// <summary>A dynamic sparse run interrupted at a checkpoint and resumed reaches the uninterrupted run's weights, masks and metrics exactly.</summary>
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

    // granet at 13: the checkpoint comes after the epoch's last prune (step 12), whose event the epoch's metrics report.
    // static at 0: re-attaching on resume prunes again, and that one-time prune event must not be reported twice.
    [Theory]
    [InlineData("rigl", 0)]
    [InlineData("rigl", 7)]
    [InlineData("snfs", 0)]
    [InlineData("srigl", 7)]
    [InlineData("set", 7, "auto")]
    [InlineData("set", 0, "sparse")]
    [InlineData("rigl", 7, "sparse")]
    [InlineData("granet", 13, "auto")]
    [InlineData("granet", 13)]
    [InlineData("static", 0)]
    public void ResumedRunMatchesTheUninterruptedOne(string method, int checkpointEvery, string execution = "dense")
    {
        var options = new TrainingOptions
        {
            Dataset = "synthetic", TrainLimit = 480, TestLimit = 100, BatchSize = 32, Epochs = 2, Threads = 1, Seed = 3,
            CheckpointEvery = checkpointEvery, Execution = execution,
            Sparsity = new SparsityOptions { Method = method, Sparsity = 0.9, UpdateEvery = 4 },
        };

        // Stop after the first epoch's checkpoint, or mid-epoch right after a step checkpoint.
        ResumeCheck.AssertResumedRunMatches(options, _root, checkpointEvery == 0 ? 1 : int.MaxValue, checkpointEvery == 0 ? int.MaxValue : checkpointEvery + 1);
    }

    [Fact]
    public void SnfsMomentumIsStoredAsBinaryTensors()
    {
        var options = new TrainingOptions
        {
            Dataset = "synthetic", TrainLimit = 96, TestLimit = 32, BatchSize = 32, Epochs = 1, Threads = 1, Seed = 3,
            Sparsity = new SparsityOptions { Method = "snfs", Sparsity = 0.9 },
        };
        string run = Path.Combine(_root, "snfs");
        Trainer trainer = Trainer.Create(options, run, new SilentObserver());
        trainer.Run();

        var checkpoint = Sprig.Serialization.Checkpoint.Load(Path.Combine(run, Trainer.CheckpointFile));
        Assert.DoesNotContain("dst.momentum", checkpoint.Metadata, StringComparison.Ordinal);
        foreach (PrunableWeight layer in PrunableWeight.Of(trainer.Model))
        {
            Assert.True(checkpoint.Tensors.TryGetValue($"method/dst.momentum.{layer.Name}", out var momentum), $"no momentum tensor for {layer.Name}");
            Assert.Equal(layer.Length, momentum.Length);
            Assert.Contains(momentum.Data, v => v != 0f);
        }
    }
}
