using System.CommandLine;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary>The <c>--checkpoint</c> option of eval, formats, shrink and prune: a run directory or its checkpoint file.</summary>
internal static class CheckpointOption
{
    /// <summary>A required <c>--checkpoint</c> option; <paramref name="purpose"/> ends its description, e.g. "to evaluate".</summary>
    public static Option<string> Create(string purpose) =>
        new("--checkpoint") { Description = $"Run directory (or its {Trainer.CheckpointFile} file) {purpose}.", Required = true };

    /// <summary>The run directory a <c>--checkpoint</c> value names.</summary>
    public static string RunDirectoryOf(string path) =>
        File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;

    /// <summary>The checkpoint file a <c>--checkpoint</c> value names.</summary>
    public static string CheckpointFileOf(string path) =>
        Directory.Exists(path) ? Path.Combine(path, Trainer.CheckpointFile) : path;
}
