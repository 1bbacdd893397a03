using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Sprig.Data;

/// <summary>
/// Per-channel input normalisation, <c>x' = (x − mean) / std</c>. Statistics come from the training set and the same
/// values are applied to the validation and test sets.
/// </summary>
public sealed class Normalization
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Creates the normalisation from one mean and one positive standard deviation per channel.</summary>
    public Normalization(float[] mean, float[] std)
    {
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            throw new SprigException($"normalisation needs one mean and one std per channel, got {mean.Length} and {std.Length}");
        }

        foreach (float s in std)
        {
            if (!(s > 0f) || !float.IsFinite(s))
            {
                throw new SprigException($"normalisation std must be positive and finite, got {s}");
            }
        }

        _mean = (float[])mean.Clone();
        _std = (float[])std.Clone();
    }

    /// <summary>The Fashion-MNIST training-set statistics on [0, 1] pixels: mean 0.2860, std 0.3530.</summary>
    public static Normalization FashionMnist { get; } = new([0.2860f], [0.3530f]);

    /// <summary>The number of channels.</summary>
    public int Channels => _mean.Length;

    /// <summary>The mean of each channel.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>The standard deviation of each channel.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>
    /// The per-channel mean and population standard deviation of the (not yet normalised) images of
    /// <paramref name="dataset"/>, accumulated in double.
    /// </summary>
    public static Normalization Compute(Dataset dataset)
    {
        if (dataset.Normalization is not null)
        {
            throw new SprigException($"dataset '{dataset.Name}' is already normalised; compute statistics before normalising");
        }

        int channels = dataset.Channels;
        int plane = dataset.Height * dataset.Width;
        var sum = new double[channels];
        var sumOfSquares = new double[channels];
        ReadOnlySpan<float> images = dataset.Images.Span;
        for (int i = 0; i < dataset.Count; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> values = images.Slice(((i * channels) + c) * plane, plane);
                sum[c] += TensorPrimitives.Sum(values);
                sumOfSquares[c] += TensorPrimitives.SumOfSquares(values);
            }
        }

        var mean = new float[channels];
        var std = new float[channels];
        double n = (double)dataset.Count * plane;
        for (int c = 0; c < channels; c++)
        {
            double m = sum[c] / n;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max((sumOfSquares[c] / n) - (m * m), 0.0));
            if (std[c] == 0f)
            {
                throw new SprigException($"dataset '{dataset.Name}' channel {c} is constant ({m}); cannot normalise by a zero std");
            }
        }

        return new Normalization(mean, std);
    }

    /// <summary>The normalised value of a raw zero pixel in <paramref name="channel"/>: the fill for zero padding.</summary>
    public float NormalizedZero(int channel) => -_mean[channel] / _std[channel];

    /// <summary>Normalises images [N, C, H, W] in place.</summary>
    internal void Apply(Span<float> images, int channels, int plane)
    {
        if (channels != Channels)
        {
            throw new SprigException($"normalisation has {Channels} channels but the images have {channels}");
        }

        for (int start = 0; start < images.Length; start += channels * plane)
        {
            for (int c = 0; c < channels; c++)
            {
                SubtractThenDivide(images.Slice(start + (c * plane), plane), _mean[c], _std[c]);
            }
        }
    }

    /// <summary>
    /// <c>x ← (x − mean) / std</c> in one loop: the same two roundings as a subtraction followed by a division, without
    /// the fixed cost of two library calls per 784-float plane (140,000 of them for Fashion-MNIST's training images).
    /// </summary>
    private static void SubtractThenDivide(Span<float> values, float mean, float std)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref float first = ref MemoryMarshal.GetReference(values);
            var m = new Vector<float>(mean);
            var s = new Vector<float>(std);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((Vector.LoadUnsafe(ref first, (nuint)i) - m) / s).StoreUnsafe(ref first, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) / std;
        }
    }

    /// <summary>The statistics as text, e.g. <c>mean [0.2860] std [0.3530]</c>.</summary>
    public override string ToString() => $"mean [{string.Join(", ", _mean.Select(m => m.ToString("F4")))}] std [{string.Join(", ", _std.Select(s => s.ToString("F4")))}]";
}
