using Sprig.Nn;
using Sprig.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Sprig.Sparsity.Scores;

/// <summary>
/// Scores of whole output channels (conv filters, linear neurons): one value per row of a weight read as
/// [rows, fan-in]. <see cref="Masks.MaskBuilder.ExpandRows"/> turns a channel mask into a weight mask.
/// </summary>
public static class ChannelScores
{
    /// <summary>The L1 norm Σ|w| of each filter.</summary>
    public static float[] L1Norm(PrunableWeight layer)
    {
        float[] scores = new float[layer.Rows];
        ReadOnlySpan<float> w = layer.Parameter.Value.Span;
        for (int r = 0; r < scores.Length; r++)
        {
            scores[r] = TensorPrimitives.SumOfMagnitudes(w.Slice(r * layer.RowLength, layer.RowLength));
        }

        return scores;
    }

    /// <summary>The L2 norm √Σw² of each filter.</summary>
    public static float[] L2Norm(PrunableWeight layer)
    {
        float[] scores = new float[layer.Rows];
        ReadOnlySpan<float> w = layer.Parameter.Value.Span;
        for (int r = 0; r < scores.Length; r++)
        {
            scores[r] = TensorPrimitives.Norm(w.Slice(r * layer.RowLength, layer.RowLength));
        }

        return scores;
    }

    /// <summary>
    /// Chase's unmasked mean magnitude: the mean |w| over every position of the filter, masked positions counted as
    /// zero (so it divides by the full fan-in, not by the number of active weights).
    /// </summary>
    public static float[] UnmaskedMeanMagnitude(PrunableWeight layer)
    {
        float[] scores = new float[layer.Rows];
        ReadOnlySpan<float> w = layer.Parameter.Value.Span;
        float[]? mask = layer.Parameter.Mask;
        for (int r = 0; r < scores.Length; r++)
        {
            ReadOnlySpan<float> row = w.Slice(r * layer.RowLength, layer.RowLength);
            float sum = 0f;
            if (mask is null)
            {
                sum = TensorPrimitives.SumOfMagnitudes(row);
            }
            else
            {
                ReadOnlySpan<float> rowMask = mask.AsSpan(r * layer.RowLength, layer.RowLength);
                for (int j = 0; j < row.Length; j++)
                {
                    sum += MathF.Abs(row[j]) * rowMask[j];
                }
            }

            scores[r] = layer.RowLength == 0 ? 0f : sum / layer.RowLength;
        }

        return scores;
    }

    /// <summary>Network slimming: |γ| of the batch-norm scale that follows each channel.</summary>
    public static float[] BatchNormScale(Parameter gamma)
    {
        float[] scores = new float[gamma.Length];
        TensorPrimitives.Abs(gamma.Value.Span, scores);
        return scores;
    }

    /// <summary>
    /// Average percentage of zeros (APoZ, Hu et al. 2016) of each channel of ReLU outputs [N, C, …] over a set of
    /// batches: the fraction of a channel's outputs that are exactly zero. Larger means less active, so rank channels
    /// by 1 − APoZ to keep the busy ones.
    /// </summary>
    /// <exception cref="ArgumentException">The batches disagree on their channel count or there are none.</exception>
    public static float[] AveragePercentageOfZeros(IReadOnlyList<Tensor> activations)
    {
        if (activations.Count == 0)
        {
            throw new ArgumentException("APoZ needs at least one batch of activations.", nameof(activations));
        }

        int channels = activations[0].Dim(1);
        long[] zeros = new long[channels];
        long[] counts = new long[channels];
        foreach (Tensor batch in activations)
        {
            if (batch.Rank < 2 || batch.Dim(1) != channels)
            {
                throw new ArgumentException($"Activation batch {batch} does not have {channels} channels in dim 1.", nameof(activations));
            }

            ReadOnlySpan<float> x = batch.Span;
            int perChannel = batch.Length / batch.Dim(0) / channels;
            for (int n = 0; n < batch.Dim(0); n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    ReadOnlySpan<float> plane = x.Slice(((n * channels) + c) * perChannel, perChannel);
                    zeros[c] += plane.Count(0f); // float.Equals: −0 is a zero, NaN is not
                    counts[c] += perChannel;
                }
            }
        }

        float[] apoz = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            apoz[c] = counts[c] == 0 ? 0f : (float)((double)zeros[c] / counts[c]);
        }

        return apoz;
    }
}
