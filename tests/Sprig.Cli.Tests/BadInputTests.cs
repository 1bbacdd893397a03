namespace Sprig.Cli.Tests;

/// <summary>Bad flags and bad files give one line on stderr, a non-zero exit code and no stack trace.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string[], string> BadFlags => new()
    {
        { ["train", "--epochs", "0", "--dataset", "synthetic"], "--epochs" },
        { ["train", "--epochs", "-3", "--dataset", "synthetic"], "--epochs" },
        { ["train", "--epochs", "ten"], "ten" },
        { ["train", "--batch", "0", "--dataset", "synthetic"], "--batch" },
        { ["train", "--lr", "-0.1", "--dataset", "synthetic"], "--lr" },
        { ["train", "--lr", "NaN", "--dataset", "synthetic"], "--lr" },
        { ["train", "--momentum", "1.5", "--dataset", "synthetic"], "--momentum" },
        { ["train", "--weight-decay", "-1", "--dataset", "synthetic"], "--weight-decay" },
        { ["train", "--val-split", "1.2", "--dataset", "synthetic"], "--val-split" },
        { ["train", "--threads", "0", "--dataset", "synthetic"], "--threads" },
        { ["train", "--on-nan", "explode", "--dataset", "synthetic"], "--on-nan" },
        { ["train", "--loss", "hinge", "--dataset", "synthetic"], "--loss" },
        { ["train", "--loss", "sigmoid-bce", "--label-smoothing", "0.1", "--dataset", "synthetic"], "--label-smoothing" },
        { ["train", "--model", "transformer", "--dataset", "synthetic"], "transformer" },
        { ["train", "--dataset", "imagenet"], "imagenet" },
        { ["train", "--optimizer", "lbfgs", "--dataset", "synthetic"], "lbfgs" },
        { ["train", "--lr-schedule", "sawtooth", "--dataset", "synthetic"], "sawtooth" },
        { ["train", "--label-smoothing", "1", "--dataset", "synthetic"], "smoothing" },
        { ["train", "--no-such-flag"], "--no-such-flag" },
        { ["frobnicate"], "frobnicate" },
        { ["eval"], "--checkpoint" },
        { ["eval", "--checkpoint", "/nonexistent/run"], "not found" },
        { ["train", "--resume", "/nonexistent/run"], "not found" },
        { ["train", "--method", "magic", "--dataset", "synthetic"], "magic" },
        { ["train", "--method", "set", "--sparsity", "0.9", "--growth", "gradient", "--dataset", "synthetic"], "--growth" },
        { ["train", "--method", "gmp", "--sparsity", "1.5", "--dataset", "synthetic"], "--sparsity" },
        { ["train", "--method", "gmp", "--sparsity", "-0.1", "--dataset", "synthetic"], "--sparsity" },
        { ["train", "--method", "static", "--sparsity", "0.9", "--budget", "lavish", "--dataset", "synthetic"], "lavish" },
        { ["train", "--method", "static", "--sparsity", "0.9", "--score", "vibes", "--dataset", "synthetic"], "vibes" },
        { ["train", "--method", "nm", "--nm", "5:4", "--dataset", "synthetic"], "5:4" },
        { ["train", "--method", "nm", "--nm", "two-of-four", "--dataset", "synthetic"], "two-of-four" },
        { ["train", "--method", "static", "--sparsity", "0.5", "--granularity", "atom", "--dataset", "synthetic"], "atom" },
        { ["train", "--method", "gmp", "--sparsity", "0.5", "--regularizer", "l7", "--dataset", "synthetic"], "l7" },
        { ["train", "--method", "gmp", "--sparsity", "0.5", "--prune-end", "9", "--epochs", "2", "--dataset", "synthetic", "--train-limit", "100"], "9" },
        { ["train", "--lr-schedule", "multistep", "--milestones", "-5", "--dataset", "synthetic"], "-5" },
        { ["train", "--batch", "many"], "many" },
        { ["train", "--execution", "fast", "--dataset", "synthetic"], "fast" },
        { ["eval", "--checkpoint", "/nonexistent/run", "--execution", "fast"], "fast" },
        { ["bench", "train", "--model", "mlp", "--execution", "fast"], "fast" },
        { ["bench", "spmm", "--nm", "3:2"], "3:2" },
        { ["bench", "spmm", "--layout", "diagonal"], "diagonal" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void Bad_flag_gives_one_line_error(string[] args, string mentioned)
    {
        var outcome = CliProcess.Run(args);

        AssertOneLineError(outcome, mentioned);
    }

    [Fact]
    public void Corrupt_checkpoint_is_reported_not_thrown()
    {
        string dir = CliProcess.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "checkpoint.sprig"), "SPRIGCKP this is not a checkpoint at all, just text"u8.ToArray());

        AssertOneLineError(CliProcess.Run("eval", "--checkpoint", dir), "checkpoint");
        AssertOneLineError(CliProcess.Run("train", "--resume", dir), "checkpoint");
    }

    [Fact]
    public void Empty_checkpoint_is_reported_not_thrown()
    {
        string dir = CliProcess.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "checkpoint.sprig"), []);

        AssertOneLineError(CliProcess.Run("eval", "--checkpoint", dir), "checkpoint");
    }

    [Fact]
    public void Bad_data_directory_is_reported()
    {
        string dir = CliProcess.TempDirectory();
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0]);
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 0]);
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0]);
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 0]);

        AssertOneLineError(CliProcess.Run("train", "--data", dir, "--out", Path.Combine(dir, "run")), "train-images-idx3-ubyte");
    }

    [Fact]
    public void Images_too_small_for_the_model_are_reported()
    {
        string dir = IdxFiles.Write(CliProcess.TempDirectory(), count: 20, rows: 6, columns: 6, classes: 3);

        AssertOneLineError(CliProcess.Run("train", "--model", "lenet5", "--data", dir, "--out", Path.Combine(dir, "run")), "lenet5");
    }

    [Fact]
    public void Truncated_image_file_is_reported_with_its_name()
    {
        string dir = IdxFiles.Write(CliProcess.TempDirectory(), count: 20, rows: 6, columns: 6, classes: 3);
        string images = Path.Combine(dir, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, File.ReadAllBytes(images)[..100]);

        AssertOneLineError(CliProcess.Run("train", "--data", dir, "--out", Path.Combine(dir, "run")), "train-images-idx3-ubyte");
    }

    [Fact]
    public void Label_count_mismatch_is_reported()
    {
        string dir = IdxFiles.Write(CliProcess.TempDirectory(), count: 20, rows: 6, columns: 6, classes: 3);
        File.Copy(Path.Combine(IdxFiles.Write(CliProcess.TempDirectory(), count: 15, rows: 6, columns: 6, classes: 3), "train-labels-idx1-ubyte"),
            Path.Combine(dir, "train-labels-idx1-ubyte"), overwrite: true);

        AssertOneLineError(CliProcess.Run("train", "--data", dir, "--out", Path.Combine(dir, "run")), "train-labels-idx1-ubyte");
    }

    [Fact]
    public void Run_directory_that_already_holds_a_run_is_refused()
    {
        string run = Path.Combine(CliProcess.TempDirectory(), "run");
        string[] args = ["train", "--dataset", "synthetic", "--train-limit", "100", "--test-limit", "50", "--out", run];
        Assert.Equal(0, CliProcess.Run(args).ExitCode);

        AssertOneLineError(CliProcess.Run(args), "--resume");
    }

    [Fact]
    public void Diverging_run_stops_with_a_clear_message()
    {
        string run = Path.Combine(CliProcess.TempDirectory(), "run");

        var outcome = CliProcess.Run("train", "--dataset", "synthetic", "--train-limit", "400", "--test-limit", "100", "--batch", "20", "--lr", "1e6", "--epochs", "3", "--out", run);

        AssertOneLineError(outcome, "loss became");
    }

    internal static void AssertOneLineError(CliProcess.Outcome outcome, string mentioned)
    {
        Assert.NotEqual(0, outcome.ExitCode);
        string[] lines = outcome.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{outcome.Stderr}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mentioned, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", outcome.Stderr + outcome.Stdout, StringComparison.Ordinal);
    }
}
