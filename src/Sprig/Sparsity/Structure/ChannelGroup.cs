using Sprig.Nn;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// One channel-prunable layer and everything its output channels are coupled to: removing output channel c deletes
/// row c of the producer's weight (and bias), entry c of its batch norm, and, in every row of the consumer's weight,
/// the <see cref="ConsumerSpan"/> inputs that channel c feeds.
/// </summary>
/// <param name="Name">The producer's dotted module name (<c>3</c>, <c>4.c1</c>); its weight is <c>Name.weight</c>.</param>
/// <param name="Producer">The <see cref="Conv2d"/> or <see cref="Linear"/> whose output channels are removable.</param>
/// <param name="Norm">The batch norm that follows the producer, or null.</param>
/// <param name="Activation">The first ReLU after the producer (for activity scores such as APoZ), or null.</param>
/// <param name="Consumer">The <see cref="Conv2d"/> or <see cref="Linear"/> that reads the producer's channels.</param>
/// <param name="ConsumerSpan">
/// Consecutive inputs per channel in a consumer row: k·k for a convolution, H·W for a linear layer after a flatten
/// (channel c owns inputs c·H·W … (c+1)·H·W − 1), 1 after global pooling.
/// </param>
public sealed record ChannelGroup(string Name, Module Producer, BatchNorm? Norm, ReLU? Activation, Module Consumer, int ConsumerSpan)
{
    /// <summary>The producer's weight, read as [channels, fan-in].</summary>
    public Parameter ProducerWeight => WeightOf(Producer);

    /// <summary>The producer's bias, or null.</summary>
    public Parameter? ProducerBias => Producer is Conv2d conv ? conv.Bias : ((Linear)Producer).Bias;

    /// <summary>The consumer's weight; each row holds <see cref="Channels"/> spans of <see cref="ConsumerSpan"/> inputs.</summary>
    public Parameter ConsumerWeight => WeightOf(Consumer);

    /// <summary>The producer's current number of output channels.</summary>
    public int Channels => ProducerWeight.Value.Dim(0);

    /// <summary>The weight of a convolution or linear layer.</summary>
    internal static Parameter WeightOf(Module layer) => layer is Conv2d conv ? conv.Weight : ((Linear)layer).Weight;
}
