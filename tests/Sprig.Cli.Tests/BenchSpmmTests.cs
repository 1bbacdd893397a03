using System.Text.Json;

namespace Sprig.Cli.Tests;

/// <summary><c>sprig bench spmm</c> prints one JSON line per sparsity, layout and pass, with both timings and their ratio.</summary>
public sealed class BenchSpmmTests
{
    [Fact]
    public void OneShape_PrintsEveryPassInBothLayoutsAtEverySparsity_WithPositiveTimes()
    {
        CliProcess.Outcome outcome = CliProcess.Run("bench", "spmm", "--out", "96", "--in", "160", "--batch", "32", "--rounds", "1", "--threads", "1");

        Assert.Equal(0, outcome.ExitCode);
        JsonElement[] lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        string[] passes = ["forward", "backward_input", "backward_weight", "total"];
        string[] layouts = ["batch-major", "feature-major"];
        var sparsities = lines.Select(l => l.GetProperty("sparsity").GetDouble()).Distinct().ToArray();
        Assert.Contains(0.9, sparsities);
        Assert.Equal(sparsities.Length * layouts.Length * passes.Length, lines.Length);
        Assert.Equal(lines.Length, lines.Select(l => (l.GetProperty("sparsity").GetDouble(), l.GetProperty("layout").GetString(), l.GetProperty("pass").GetString())).Distinct().Count());
        foreach (JsonElement line in lines)
        {
            Assert.Contains(line.GetProperty("pass").GetString(), passes);
            Assert.Contains(line.GetProperty("layout").GetString(), layouts);
            Assert.Equal(96, line.GetProperty("rows").GetInt32());
            Assert.Equal(160, line.GetProperty("cols").GetInt32());
            Assert.Equal(32, line.GetProperty("batch").GetInt32());
            double dense = line.GetProperty("dense_us").GetDouble();
            double sparse = line.GetProperty("sparse_us").GetDouble();
            Assert.True(dense > 0 && sparse > 0, line.ToString());
            // The times are printed rounded to 0.1 µs and the ratio to 0.01, from the unrounded times, which thus lie
            // within 0.05 µs of the printed ones (a sub-µs sparse time makes that range of ratios wide).
            Assert.InRange(line.GetProperty("speedup").GetDouble(), ((dense - 0.05) / (sparse + 0.05)) - 0.005, ((dense + 0.05) / (sparse - 0.05)) + 0.005);
        }
    }

    [Fact]
    public void LayoutOption_SelectsOneLayout()
    {
        CliProcess.Outcome outcome = CliProcess.Run("bench", "spmm", "--out", "40", "--in", "24", "--batch", "16", "--rounds", "1", "--threads", "1", "--layout", "feature-major");

        Assert.Equal(0, outcome.ExitCode);
        string[] lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("feature-major", JsonDocument.Parse(l).RootElement.GetProperty("layout").GetString()));
    }
}
