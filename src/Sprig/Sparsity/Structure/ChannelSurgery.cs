using System.Globalization;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// Channel-level edits of a model through its <see cref="ChannelGraph"/>: <see cref="Kill"/> masks a channel out (its
/// producer row, bias and consumer inputs become zero, so the channel no longer affects the output), and
/// <see cref="Shrink"/> physically slices dead channels out of the producer, its batch norm and its consumer, leaving
/// a narrower model that computes what the masked one did. Layers are edited in place.
/// </summary>
public static class ChannelSurgery
{
    /// <summary>Masks channel <paramref name="channel"/> of <paramref name="group"/> out (creating masks where needed).</summary>
    public static void Kill(ChannelGroup group, int channel)
    {
        Parameter producer = group.ProducerWeight;
        int rowLength = producer.Length / group.Channels;
        float[] producerMask = EnsureMask(producer);
        producerMask.AsSpan(channel * rowLength, rowLength).Clear();
        producer.ApplyMask();
        if (group.ProducerBias is { } bias)
        {
            bias.Value.Span[channel] = 0f;
        }

        Parameter consumer = group.ConsumerWeight;
        float[] consumerMask = EnsureMask(consumer);
        int consumerRows = consumer.Value.Dim(0);
        int consumerRow = consumer.Length / consumerRows;
        for (int r = 0; r < consumerRows; r++)
        {
            consumerMask.AsSpan((r * consumerRow) + (channel * group.ConsumerSpan), group.ConsumerSpan).Clear();
        }

        consumer.ApplyMask();
    }

    /// <summary>
    /// Which channels of <paramref name="group"/> are dead: their producer row is all zero or every consumer input
    /// they feed is zero. When only the row is zero, removing the channel also drops its constant output (bias or
    /// batch-norm shift), which batch-norm recalibration then absorbs.
    /// </summary>
    public static bool[] DeadChannels(ChannelGroup group)
    {
        int channels = group.Channels;
        ReadOnlySpan<float> producer = group.ProducerWeight.Value.Span;
        int rowLength = producer.Length / channels;
        ReadOnlySpan<float> consumer = group.ConsumerWeight.Value.Span;
        int consumerRows = group.ConsumerWeight.Value.Dim(0);
        int consumerRow = consumer.Length / consumerRows;
        bool[] dead = new bool[channels];
        for (int c = 0; c < channels; c++)
        {
            bool inputsZero = true;
            for (int r = 0; r < consumerRows && inputsZero; r++)
            {
                inputsZero = AllZero(consumer.Slice((r * consumerRow) + (c * group.ConsumerSpan), group.ConsumerSpan));
            }

            dead[c] = inputsZero || AllZero(producer.Slice(c * rowLength, rowLength));
        }

        return dead;
    }

    /// <summary>
    /// Removes the dead channels (<see cref="DeadChannels"/>) of every group of <paramref name="graph"/> (at least one
    /// channel stays per layer) and returns the new width of each group by name.
    /// </summary>
    public static Dictionary<string, int> Shrink(ChannelGraph graph)
    {
        var widths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ChannelGroup group in graph.Groups)
        {
            bool[] dead = DeadChannels(group);
            bool[] keep = new bool[dead.Length];
            int kept = 0;
            for (int c = 0; c < dead.Length; c++)
            {
                keep[c] = !dead[c];
                kept += keep[c] ? 1 : 0;
            }

            if (kept == 0)
            {
                keep[0] = true;
            }

            Keep(group, keep);
            widths[group.Name] = group.Channels;
        }

        return widths;
    }

    /// <summary>
    /// Narrows a freshly built model to the widths a shrunk checkpoint recorded, keeping the first channels of each
    /// layer (their values are then overwritten by the checkpoint).
    /// </summary>
    /// <exception cref="SprigException">A name is not a prunable layer of the model or a width does not fit.</exception>
    public static void Narrow(Module model, IReadOnlyDictionary<string, int> widths)
    {
        ChannelGraph graph = ChannelGraph.Build(model);
        foreach (var (name, width) in widths)
        {
            ChannelGroup group = graph.Find(name)
                ?? throw new SprigException($"the checkpoint narrows layer '{name}', which is not a channel-prunable layer of this model");
            if (width < 1 || width > group.Channels)
            {
                throw new SprigException($"the checkpoint gives layer '{name}' width {width.ToString(CultureInfo.InvariantCulture)}, outside 1..{group.Channels}");
            }

            bool[] keep = new bool[group.Channels];
            keep.AsSpan(0, width).Fill(true);
            Keep(group, keep);
        }
    }

    /// <summary>Keeps the channels flagged in <paramref name="keep"/> and slices out the others.</summary>
    public static void Keep(ChannelGroup group, bool[] keep)
    {
        int[] kept = Indices(keep);
        Parameter producer = group.ProducerWeight;
        int rowLength = producer.Length / group.Channels;
        Parameter newWeight = Slice(producer, kept, 0, rowLength);
        Parameter? newBias = group.ProducerBias is { } bias ? Slice(bias, kept, 0, 1) : null;
        Parameter newConsumer = Slice(group.ConsumerWeight, kept, 1, group.ConsumerSpan);

        Replace(group.Producer, newWeight, newBias);
        Replace(group.Consumer, newConsumer, group.Consumer is Conv2d conv ? conv.Bias : ((Linear)group.Consumer).Bias);
        if (group.Norm is { } norm)
        {
            norm.ReplaceChannels(Slice(norm.Weight, kept, 0, 1), Slice(norm.Bias, kept, 0, 1),
                SliceTensor(norm.RunningMean, kept, 0, 1), SliceTensor(norm.RunningVar, kept, 0, 1));
        }
    }

    private static void Replace(Module layer, Parameter weight, Parameter? bias)
    {
        if (layer is Conv2d conv)
        {
            conv.ReplaceParameters(weight, bias);
        }
        else
        {
            ((Linear)layer).ReplaceParameters(weight, bias);
        }
    }

    /// <summary>
    /// A copy of <paramref name="source"/> that keeps only the channels in <paramref name="kept"/> along
    /// <paramref name="axis"/> (0: output channels, 1: input channels), each channel being <paramref name="span"/>
    /// consecutive elements of a row; the mask is sliced alike.
    /// </summary>
    private static Parameter Slice(Parameter source, int[] kept, int axis, int span)
    {
        var parameter = new Parameter(SliceTensor(source.Value, kept, axis, span), source.Prunable);
        if (source.Mask is { } mask)
        {
            parameter.Mask = SliceTensor(new Tensor(mask, source.Value.ShapeArray()), kept, axis, span).Data;
        }

        return parameter;
    }

    private static Tensor SliceTensor(Tensor source, int[] kept, int axis, int span)
    {
        int[] shape = source.ShapeArray();
        int rows = axis == 0 ? 1 : shape[0];
        int oldRowLength = source.Length / rows;
        int channels = oldRowLength / span;
        int rowLength = kept.Length * span;
        shape[axis] = shape[axis] / channels * kept.Length;
        var result = new Tensor(shape);
        ReadOnlySpan<float> from = source.Span;
        Span<float> to = result.Span;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < kept.Length; i++)
            {
                from.Slice((r * oldRowLength) + (kept[i] * span), span).CopyTo(to.Slice((r * rowLength) + (i * span), span));
            }
        }

        return result;
    }

    private static float[] EnsureMask(Parameter parameter)
    {
        if (parameter.Mask is null)
        {
            float[] mask = new float[parameter.Length];
            mask.AsSpan().Fill(1f);
            parameter.Mask = mask;
        }

        return parameter.Mask;
    }

    private static bool AllZero(ReadOnlySpan<float> values) => values.IndexOfAnyExcept(0f) < 0;

    private static int[] Indices(bool[] keep)
    {
        var kept = new List<int>();
        for (int c = 0; c < keep.Length; c++)
        {
            if (keep[c])
            {
                kept.Add(c);
            }
        }

        return kept.ToArray();
    }
}
