using Sprig.Nn;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// Which output channels of a model can be removed and what each is coupled to (see <see cref="ChannelGroup"/>),
/// found by walking the module tree in execution order. A convolution or linear layer is channel-prunable when its
/// channels flow, through batch norms, activations, pooling and flattening only, into exactly one next convolution or
/// linear layer. As in Chase's reference code, a layer whose output feeds a residual sum is not prunable (so residual
/// widths never change: in a <see cref="BasicBlock"/> only <c>c1</c> is), and neither is the layer that feeds the
/// classifier.
/// </summary>
public sealed class ChannelGraph
{
    private ChannelGraph(IReadOnlyList<ChannelGroup> groups)
    {
        Groups = groups;
    }

    /// <summary>The channel-prunable layers in execution order.</summary>
    public IReadOnlyList<ChannelGroup> Groups { get; }

    /// <summary>The total output channels of the prunable layers (Chase's C₀).</summary>
    public int TotalChannels
    {
        get
        {
            int total = 0;
            foreach (ChannelGroup group in Groups)
            {
                total += group.Channels;
            }

            return total;
        }
    }

    /// <summary>The group whose producer is named <paramref name="name"/>, or null.</summary>
    public ChannelGroup? Find(string name)
    {
        foreach (ChannelGroup group in Groups)
        {
            if (group.Name == name)
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>Builds the graph of <paramref name="model"/>.</summary>
    /// <exception cref="SprigException">The model holds a layer the walk cannot see through.</exception>
    public static ChannelGraph Build(Module model)
    {
        var walk = new Walk();
        walk.Visit(string.Empty, model);

        // The layer that feeds the classifier (the last convolution or linear layer) keeps its width.
        var groups = new List<ChannelGroup>();
        foreach (ChannelGroup group in walk.Groups)
        {
            if (!ReferenceEquals(group.Consumer, walk.LastLayer))
            {
                groups.Add(group);
            }
        }

        return new ChannelGraph(groups);
    }

    /// <summary>The state of the execution-order walk: the layer whose channels currently flow, if any.</summary>
    private sealed class Walk
    {
        private string? _producerName;
        private Module? _producer;
        private BatchNorm? _norm;
        private ReLU? _activation;

        public List<ChannelGroup> Groups { get; } = [];

        public Module? LastLayer { get; private set; }

        public void Visit(string name, Module module)
        {
            switch (module)
            {
                case Sequential sequential:
                    foreach (var (childName, child) in sequential.Children())
                    {
                        Visit(Join(name, childName), child);
                    }

                    break;
                case BasicBlock block:
                    // The block's input feeds the residual sum, so whatever produced it keeps its width; inside,
                    // c1's channels reach only b1 and c2.
                    ClearProducer();
                    Groups.Add(new ChannelGroup(Join(name, "c1"), block.C1, block.B1, block.Relu1, block.C2, block.C2.KernelSize * block.C2.KernelSize));
                    ClearProducer();
                    LastLayer = block;
                    break;
                case Conv2d conv:
                    Consume(name, conv, conv.InChannels, conv.KernelSize * conv.KernelSize);
                    break;
                case Linear linear:
                    Consume(name, linear, linear.InFeatures, 0);
                    break;
                case BatchNorm norm:
                    AttachNorm(name, norm);
                    break;
                case ReLU relu:
                    _activation ??= _producer is null ? null : relu;
                    break;
                case MaxPool2d or AvgPool2d or GlobalAvgPool2d or Flatten or Dropout:
                    break;
                default:
                    throw new SprigException(
                        $"channel surgery cannot see through {module.GetType().Name} at '{name}' (it supports Sequential, BasicBlock, Conv2d, Linear, batch norm, ReLU, dropout, pooling and flatten)");
            }
        }

        private void Consume(string name, Module layer, int inputs, int convSpan)
        {
            if (_producer is not null)
            {
                int channels = ChannelGroup.WeightOf(_producer).Value.Dim(0);
                int span = convSpan > 0 ? convSpan : inputs / channels;
                if ((convSpan > 0 && inputs != channels) || (convSpan == 0 && inputs % channels != 0))
                {
                    throw new SprigException($"'{name}' reads {inputs} inputs, which do not split into the {channels} channels of '{_producerName}'");
                }

                Groups.Add(new ChannelGroup(_producerName!, _producer, _norm, _activation, layer, span));
            }

            _producerName = name;
            _producer = layer;
            _norm = null;
            _activation = null;
            LastLayer = layer;
        }

        private void AttachNorm(string name, BatchNorm norm)
        {
            if (_producer is null)
            {
                return;
            }

            if (_norm is not null || _activation is not null || norm.Features != ChannelGroup.WeightOf(_producer).Value.Dim(0))
            {
                throw new SprigException($"channel surgery expects one batch norm of the right width right after '{_producerName}', found '{name}'");
            }

            _norm = norm;
        }

        private void ClearProducer()
        {
            _producerName = null;
            _producer = null;
            _norm = null;
            _activation = null;
        }

        private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
    }
}
