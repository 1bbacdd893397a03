using System.Text.Json;
using Sprig.Serialization;
using Sprig.Training;

namespace Sprig.Reporting;

/// <summary>What a report reads from one run directory: <c>results.json</c>, <c>metrics.jsonl</c> and, when asked, the checkpoint.</summary>
public sealed record RunData
{
    /// <summary>A short name for the run: its directory name.</summary>
    public required string Name { get; init; }

    /// <summary>The run directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The run's summary.</summary>
    public required RunResults Results { get; init; }

    /// <summary>One record per finished epoch.</summary>
    public required IReadOnlyList<EpochRecord> Epochs { get; init; }

    /// <summary>Reads a finished run.</summary>
    /// <exception cref="SprigException">The directory has no readable <c>results.json</c>, or a line of <c>metrics.jsonl</c> is unreadable.</exception>
    public static RunData Load(string directory)
    {
        string resultsPath = Path.Combine(directory, Trainer.ResultsFile);
        if (!File.Exists(resultsPath))
        {
            throw new SprigException($"{directory}: no {Trainer.ResultsFile} (is it a finished run directory?)");
        }

        RunResults results = Read<RunResults>(File.ReadAllText(resultsPath), resultsPath, Json.Indented);
        var epochs = new List<EpochRecord>();
        string metricsPath = Path.Combine(directory, Trainer.MetricsFile);
        if (File.Exists(metricsPath))
        {
            int line = 0;
            foreach (string text in File.ReadLines(metricsPath))
            {
                line++;
                if (text.Length > 0)
                {
                    epochs.Add(Read<EpochRecord>(text, $"{metricsPath}:{line}", Json.Compact));
                }
            }
        }

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        return new RunData { Name = name, Directory = directory, Results = results, Epochs = epochs };
    }

    /// <summary>The run's checkpoint, or null when the directory has none.</summary>
    /// <exception cref="SprigException">The checkpoint is corrupt.</exception>
    public Checkpoint? ReadCheckpoint()
    {
        string path = Path.Combine(Directory, Trainer.CheckpointFile);
        return File.Exists(path) ? Checkpoint.Load(path) : null;
    }

    private static T Read<T>(string json, string where, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options) ?? throw new SprigException($"{where}: empty JSON");
        }
        catch (JsonException e)
        {
            throw new SprigException($"{where}: unreadable JSON: {e.Message}", e);
        }
    }
}
