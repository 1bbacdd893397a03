namespace Sprig.Sparsity.Structure;

/// <summary>The width of one channel-prunable layer before and after a shrink.</summary>
/// <param name="Name">The producer's dotted module name.</param>
/// <param name="Before">Output channels before.</param>
/// <param name="After">Output channels after.</param>
public sealed record ChannelWidth(string Name, int Before, int After)
{
    /// <summary>The fraction of the layer's channels removed.</summary>
    public double ChannelSparsity => Before == 0 ? 0 : 1.0 - ((double)After / Before);
}
