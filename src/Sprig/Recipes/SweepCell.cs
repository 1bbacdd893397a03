using Sprig.Training;

namespace Sprig.Recipes;

/// <summary>One run of a sweep: its directory name inside the sweep and its full configuration.</summary>
/// <param name="Name">The directory name, such as <c>gmp-0.9-seed1</c>.</param>
/// <param name="Options">The configuration of the run.</param>
public sealed record SweepCell(string Name, TrainingOptions Options);
