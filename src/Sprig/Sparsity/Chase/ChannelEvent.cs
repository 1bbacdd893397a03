namespace Sprig.Sparsity.Chase;

/// <summary>One channel-pruning event of Chase, as written to the metrics log.</summary>
/// <param name="Step">The completed step after which it ran.</param>
/// <param name="TargetChannelSparsity">S_c(t), the schedule's value at this step.</param>
/// <param name="ChannelSparsity">The channel sparsity reached.</param>
/// <param name="Removed">Channels removed per layer (producer name).</param>
public sealed record ChannelEvent(long Step, double TargetChannelSparsity, double ChannelSparsity, IReadOnlyDictionary<string, int> Removed);
