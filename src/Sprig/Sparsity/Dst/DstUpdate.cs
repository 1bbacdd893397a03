namespace Sprig.Sparsity.Dst;

/// <summary>One mask update as the metrics log records it.</summary>
/// <param name="Step">The 0-based training step (or the completed steps at an epoch end) of the update.</param>
/// <param name="Fraction">The drop or prune fraction in force.</param>
/// <param name="Dropped">Connections removed, per prunable layer in model order.</param>
/// <param name="Grown">Connections added, per prunable layer in model order.</param>
/// <param name="InTimeOverParameterization">Fraction of all prunable weights that have been active at some point so far.</param>
public sealed record DstUpdate(long Step, double Fraction, int[] Dropped, int[] Grown, double InTimeOverParameterization);
