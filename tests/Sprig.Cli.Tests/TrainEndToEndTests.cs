using System.Text.Json;

namespace Sprig.Cli.Tests;

/// <summary>The train, resume and eval commands on small synthetic data, checked through the files they write.</summary>
public sealed class TrainEndToEndTests
{
    private static readonly string[] s_quick = ["train", "--dataset", "synthetic", "--model", "mlp", "--train-limit", "600", "--test-limit", "200", "--batch", "50", "--seed", "7", "--threads", "1"];

    [Fact]
    public void Train_writes_consistent_results_metrics_and_checkpoint()
    {
        string run = Path.Combine(CliProcess.TempDirectory(), "run");

        var outcome = CliProcess.Run([.. s_quick, "--epochs", "2", "--val-split", "0.1", "--out", run]);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        JsonElement r = results.RootElement;
        foreach (string field in new[] { "model", "dataset", "method", "sparsity", "epochs", "seed", "threads", "test_accuracy", "best_val_accuracy", "wall_seconds", "epoch_seconds", "train_loss", "test_accuracy_per_epoch", "parameters", "nonzero_parameters", "layers" })
        {
            Assert.True(r.TryGetProperty(field, out _), $"results.json lacks '{field}'");
        }

        Assert.Equal("mlp", r.GetProperty("model").GetString());
        Assert.Equal("synthetic", r.GetProperty("dataset").GetString());
        Assert.Equal(2, r.GetProperty("epochs").GetInt32());
        Assert.Equal(2, r.GetProperty("epoch_seconds").GetArrayLength());
        Assert.Equal(2, r.GetProperty("train_loss").GetArrayLength());
        double accuracy = r.GetProperty("test_accuracy").GetDouble();
        Assert.Equal(accuracy, r.GetProperty("test_accuracy_per_epoch")[1].GetDouble());
        Assert.InRange(accuracy, 0.3, 1.0);
        Assert.True(r.GetProperty("train_loss")[1].GetDouble() < r.GetProperty("train_loss")[0].GetDouble());

        // mlp 784-300-100-10: three weight matrices and three biases.
        Assert.Equal((784 * 300) + 300 + (300 * 100) + 100 + (100 * 10) + 10, r.GetProperty("parameters").GetInt64());
        Assert.Equal(3, r.GetProperty("layers").GetArrayLength());
        Assert.Equal(784 * 300, r.GetProperty("layers")[0].GetProperty("parameters").GetInt64());

        string[] metrics = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"));
        Assert.Equal(2, metrics.Length);
        Assert.Equal(2, JsonDocument.Parse(metrics[1]).RootElement.GetProperty("epoch").GetInt32());
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.sprig")));

        var eval = CliProcess.Run("eval", "--checkpoint", run);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Contains(accuracy.ToString("P2", System.Globalization.CultureInfo.InvariantCulture), eval.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_reaches_the_same_weights_as_an_uninterrupted_run()
    {
        string root = CliProcess.TempDirectory();
        string whole = Path.Combine(root, "whole");
        string parts = Path.Combine(root, "parts");

        Assert.Equal(0, CliProcess.Run([.. s_quick, "--epochs", "2", "--out", whole]).ExitCode);
        Assert.Equal(0, CliProcess.Run([.. s_quick, "--epochs", "1", "--out", parts]).ExitCode);
        var resumed = CliProcess.Run("train", "--resume", parts, "--epochs", "2");

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(Weights(whole), Weights(parts));
    }

    [Fact]
    public void Checkpointing_every_few_steps_does_not_change_the_result()
    {
        string root = CliProcess.TempDirectory();
        string plain = Path.Combine(root, "plain");
        string frequent = Path.Combine(root, "frequent");

        Assert.Equal(0, CliProcess.Run([.. s_quick, "--epochs", "2", "--out", plain]).ExitCode);
        Assert.Equal(0, CliProcess.Run([.. s_quick, "--epochs", "2", "--checkpoint-every", "5", "--out", frequent]).ExitCode);

        Assert.Equal(Weights(plain), Weights(frequent));
    }

    [Fact]
    public void Thread_count_does_not_change_the_result()
    {
        string root = CliProcess.TempDirectory();
        string[] lenet = ["train", "--dataset", "synthetic", "--model", "lenet5", "--train-limit", "300", "--test-limit", "100", "--batch", "50", "--seed", "5", "--epochs", "1"];

        Assert.Equal(0, CliProcess.Run([.. lenet, "--threads", "1", "--out", Path.Combine(root, "one")]).ExitCode);
        Assert.Equal(0, CliProcess.Run([.. lenet, "--threads", "2", "--out", Path.Combine(root, "two")]).ExitCode);

        Assert.Equal(Weights(Path.Combine(root, "one")), Weights(Path.Combine(root, "two")));
    }

    internal static byte[] Weights(string run)
    {
        var checkpoint = Sprig.Serialization.Checkpoint.Load(Path.Combine(run, "checkpoint.sprig"));
        using var bytes = new MemoryStream();
        foreach (var (name, tensor) in checkpoint.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            bytes.Write(System.Text.Encoding.UTF8.GetBytes(name));
            bytes.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Span));
        }

        return bytes.ToArray();
    }
}
