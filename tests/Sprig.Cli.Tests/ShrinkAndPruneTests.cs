using System.Text.Json;

namespace Sprig.Cli.Tests;

/// <summary>Chase training with its end-of-run shrink, <c>sprig shrink</c> and <c>sprig prune</c> on tiny synthetic runs.</summary>
public sealed class ShrinkAndPruneTests
{
    private static readonly string[] s_quick = ["train", "--dataset", "synthetic", "--model", "lenet5", "--train-limit", "256", "--test-limit", "128", "--batch", "32", "--seed", "3", "--threads", "1"];

    [Fact]
    public void ChaseRun_ShrinksAtTheEnd_AndTheShrunkRunEvaluatesAndTrains()
    {
        string root = CliProcess.TempDirectory();
        string run = Path.Combine(root, "chase");

        var train = CliProcess.Run([.. s_quick, "--epochs", "2", "--method", "chase", "--sparsity", "0.9", "--channel-sparsity", "0.3", "--val-split", "0.1", "--out", run]);

        Assert.True(train.ExitCode == 0, train.Stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        JsonElement shrink = results.RootElement.GetProperty("shrink");
        Assert.Equal(0.3, results.RootElement.GetProperty("channel_sparsity").GetDouble(), 2);
        Assert.True(shrink.GetProperty("parameters_after").GetInt64() < shrink.GetProperty("parameters_before").GetInt64());
        Assert.True(shrink.GetProperty("flops_after").GetInt64() < shrink.GetProperty("flops_before").GetInt64());
        Assert.Equal(shrink.GetProperty("parameters_after").GetInt64(), results.RootElement.GetProperty("parameters").GetInt64());
        foreach (string field in new[] { "throughput_before", "throughput_after", "throughput_ratio" })
        {
            Assert.True(shrink.GetProperty(field).GetDouble() > 0, field);
        }

        string shrunk = Path.Combine(run, "shrunk");
        var eval = CliProcess.Run("eval", "--checkpoint", shrunk);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        double accuracy = shrink.GetProperty("test_accuracy").GetDouble();
        Assert.Contains(accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture), eval.Stdout, StringComparison.Ordinal);

        var more = CliProcess.Run("train", "--resume", shrunk, "--epochs", "3", "--plain");
        Assert.True(more.ExitCode == 0, more.Stderr);

        string again = Path.Combine(root, "again");
        var cli = CliProcess.Run("shrink", "--checkpoint", run, "--out", again);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Contains("channel sparsity 30", cli.Stdout, StringComparison.Ordinal);
        Assert.True(CliProcess.Run("eval", "--checkpoint", again).ExitCode == 0);

        var twice = CliProcess.Run("shrink", "--checkpoint", run, "--out", again);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("already holds a run", twice.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StructuredPrune_RemovesChannels_ShrinksAndFineTunes()
    {
        string root = CliProcess.TempDirectory();
        string run = Path.Combine(root, "dense");
        Assert.Equal(0, CliProcess.Run([.. s_quick, "--epochs", "1", "--out", run]).ExitCode);
        string pruned = Path.Combine(root, "pruned");

        var prune = CliProcess.Run("prune", "--checkpoint", run, "--structured", "channel", "--score", "l1", "--channel-sparsity", "0.5", "--finetune-epochs", "1", "--out", pruned);

        Assert.True(prune.ExitCode == 0, prune.Stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(pruned, "results.json")));
        Assert.Equal(2, results.RootElement.GetProperty("epochs").GetInt32());

        // lenet5 with conv1 20 → 10 and conv2 50 → 25 channels: 10·25+10, 25·10·25+25, 500·25·16+500, 10·500+10.
        Assert.Equal(260 + 6_275 + 200_500 + 5_010, results.RootElement.GetProperty("parameters").GetInt64());
        var bad = CliProcess.Run("prune", "--checkpoint", run, "--score", "nope", "--channel-sparsity", "0.5", "--out", Path.Combine(root, "x"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown channel score 'nope'", bad.Stderr, StringComparison.Ordinal);
    }
}
