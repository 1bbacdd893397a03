using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sprig.Reporting;
using Sprig.Tests.Data;

namespace Sprig.Tests.Reporting;

public sealed class ReportTests : IClassFixture<ReportTests.Runs>
{
    private readonly Runs _runs;

    public ReportTests(Runs runs) => _runs = runs;

    [Fact]
    public void Html_IsWellFormedAndHasEveryChart()
    {
        string html = HtmlReport.Render(_runs.All, new ReportOptions());

        // Written as XHTML-compatible markup, so the whole page (and every SVG in it) parses as XML.
        XDocument page = XDocument.Parse(html.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal));
        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.NotEmpty(page.Descendants(svg + "svg"));
        foreach (string id in new[] { "summary", "curves", "comparison", "run-0", "run-1", "run-2" })
        {
            Assert.Single(page.Descendants("section"), s => (string?)s.Attribute("id") == id);
        }

        foreach (string figure in new[] { "loss", "accuracy", "accuracy-sparsity", "accuracy-flops", "sparsity-bars", "heatmap", "channel-histogram" })
        {
            Assert.Contains(page.Descendants("figure"), f => (string?)f.Attribute("class") == figure);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_OnlyChannelRunsGetTheChannelHistogram()
    {
        string html = HtmlReport.Render([_runs.Gmp], new ReportOptions());

        Assert.DoesNotContain("channel-histogram", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"comparison\"", html, StringComparison.Ordinal);
        Assert.Contains("Mask of 7.weight", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_DrawsTheChosenLayerAndRejectsAnUnknownOne()
    {
        Assert.Contains("Mask of 0.weight", HtmlReport.Render([_runs.Gmp], new ReportOptions { Layer = "0.weight" }), StringComparison.Ordinal);

        var e = Assert.Throws<SprigException>(() => HtmlReport.Render([_runs.Gmp], new ReportOptions { Layer = "nope" }));
        Assert.Contains("0.weight, 3.weight, 7.weight, 9.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_PlotsChannelEventsOverTime()
    {
        // Chase logs its channel sparsity as a number and its channel events as a list each epoch.
        var events = JsonSerializer.Deserialize<Dictionary<string, object>>("""{"channel_sparsity": 0.25, "channel_events": [{"step": 4}, {"step": 8}]}""")!;
        RunData run = _runs.Gmp with { Epochs = [.. _runs.Gmp.Epochs.Select(e => e with { Events = events })] };

        string html = HtmlReport.Render([run], new ReportOptions());

        Assert.Contains("class=\"channels-over-time\"", html, StringComparison.Ordinal);
        Assert.Contains("channel_sparsity: 2, 0.25", html, StringComparison.Ordinal);
        Assert.Contains("channel_events: 2, 2", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HasARunTableAndALayerTablePerRun()
    {
        string md = MarkdownReport.Render(_runs.All, new ReportOptions());

        string[] lines = md.Split('\n');
        var tableRows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + 3 + (3 * (1 + 4)), tableRows.Count);
        foreach (string table in md.Split("\n\n").Where(b => b.StartsWith('|')))
        {
            string[] rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(rows, row => Assert.Equal(Regex.Count(rows[0], @"(?<!\\)\|"), Regex.Count(row, @"(?<!\\)\|")));
        }

        Assert.Contains(lines, l => l.StartsWith("| gmp | lenet5 | gmp | 90% | 90% |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- lenet5: largest sparsity within 1% of dense accuracy", StringComparison.Ordinal));
    }

    [Fact]
    public void RunData_NamesTheMissingResults()
    {
        using var empty = new TempDirectory();

        var e = Assert.Throws<SprigException>(() => RunData.Load(empty.Path));

        Assert.Contains("results.json", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A dense, a gmp and a channel-granularity run, trained once for the class.</summary>
    public sealed class Runs : IDisposable
    {
        private readonly TempDirectory _root = new();

        public Runs()
        {
            Dense = RunData.Load(TinyRuns.Train(_root.Path, "dense", TinyRuns.Options("dense", 0)));
            Gmp = RunData.Load(TinyRuns.Train(_root.Path, "gmp", TinyRuns.Options("gmp", 0.9)));
            Channel = RunData.Load(TinyRuns.Train(_root.Path, "channel", TinyRuns.Options("oneshot", 0.5, "channel")));
        }

        public RunData Dense { get; }

        public RunData Gmp { get; }

        public RunData Channel { get; }

        public IReadOnlyList<RunData> All => [Dense, Gmp, Channel];

        public void Dispose() => _root.Dispose();
    }
}
