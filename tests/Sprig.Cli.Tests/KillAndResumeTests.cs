using System.Diagnostics;

namespace Sprig.Cli.Tests;

/// <summary>A training process killed with SIGKILL at an arbitrary moment resumes to the uninterrupted run's weights.</summary>
public sealed class KillAndResumeTests
{
    private static readonly string[] s_run = ["train", "--dataset", "synthetic", "--model", "cnn", "--train-limit", "1200", "--test-limit", "100", "--batch", "50", "--epochs", "2", "--seed", "3", "--threads", "1", "--checkpoint-every", "4"];

    [Theory]
    [InlineData(0)]
    [InlineData(700)]
    public void Killed_run_resumes_bit_for_bit(int delayAfterFirstCheckpointMs)
    {
        string root = CliProcess.TempDirectory();
        string whole = Path.Combine(root, "whole");
        string killed = Path.Combine(root, "killed");
        Assert.Equal(0, CliProcess.Run([.. s_run, "--out", whole]).ExitCode);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sprig.Cli.dll"));
        foreach (string a in (string[])[.. s_run, "--out", killed])
        {
            start.ArgumentList.Add(a);
        }

        using (var process = Process.Start(start)!)
        {
            string checkpoint = Path.Combine(killed, "checkpoint.sprig");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(checkpoint) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(5);
            }

            Thread.Sleep(delayAfterFirstCheckpointMs);
            Assert.False(process.HasExited, "the run finished before it could be killed; make it longer");
            process.Kill(entireProcessTree: true); // SIGKILL: no chance to clean up
            process.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(killed, "results.json")));
        var resumed = CliProcess.Run("train", "--resume", killed);

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(TrainEndToEndTests.Weights(whole), TrainEndToEndTests.Weights(killed));
    }
}
