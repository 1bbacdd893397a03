using Sprig.Metrics;

namespace Sprig.Reporting;

/// <summary>Choices for a report.</summary>
public sealed record ReportOptions
{
    /// <summary>The layer (weight name, such as <c>0.weight</c>) whose mask is drawn; null picks each run's largest.</summary>
    public string? Layer { get; init; }

    /// <summary>The accuracy tolerance ε of "largest sparsity within ε of dense".</summary>
    public double Epsilon { get; init; } = ParameterEfficiency.DefaultEpsilon;
}
