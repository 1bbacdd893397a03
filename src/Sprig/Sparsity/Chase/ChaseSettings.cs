namespace Sprig.Sparsity.Chase;

/// <summary>
/// Chase's knobs as given (null means "scale with the run", see <see cref="ChaseTimeline.For"/>).
/// </summary>
/// <param name="ChannelSparsity">S_c, the fraction of prunable channels removed by <see cref="ChannelPruneEndEpoch"/>.</param>
/// <param name="MinChannelRatio">β: a layer keeps at least ⌊C_l·(1 − S_c)·β⌋ channels.</param>
/// <param name="DeathRate">p₀, the extra density grown above the budget at the start of phase A (cosine-annealed to 0).</param>
/// <param name="UpdateEvery">ΔT, steps between weight updates.</param>
/// <param name="ChannelUpdateEvery">ΔT_c, steps between channel events.</param>
/// <param name="ChannelPruneEndEpoch">The epoch at which channel pruning reaches S_c.</param>
/// <param name="DstStopEpochs">E_stop, the last epochs of fixed-budget prune-and-regrow (phase B).</param>
public sealed record ChaseSettings(
    double ChannelSparsity,
    double MinChannelRatio,
    double DeathRate,
    int? UpdateEvery,
    int? ChannelUpdateEvery,
    double? ChannelPruneEndEpoch,
    double? DstStopEpochs);
