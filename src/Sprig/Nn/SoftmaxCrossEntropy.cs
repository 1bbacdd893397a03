using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Mean softmax cross-entropy over a batch of logits [N, classes], with optional label smoothing
/// (the target puts 1 − ε on the label and ε/classes on every class, as in PyTorch).
/// </summary>
public sealed class SoftmaxCrossEntropy : ILoss
{
    private readonly float _labelSmoothing;
    private Tensor? _probabilities;
    private int[]? _labels;
    private Tensor? _gradient;

    /// <summary>Creates the loss; <paramref name="labelSmoothing"/> must be in [0, 1).</summary>
    public SoftmaxCrossEntropy(float labelSmoothing = 0f)
    {
        if (labelSmoothing is < 0f or >= 1f)
        {
            throw new SprigException($"label smoothing must be in [0, 1), got {labelSmoothing}");
        }

        _labelSmoothing = labelSmoothing;
    }

    /// <summary>Returns the mean loss and remembers what <see cref="Backward"/> needs.</summary>
    public float Forward(Tensor logits, ReadOnlySpan<int> labels)
    {
        int batch = logits.Dim(0);
        int classes = logits.Dim(1);
        if (labels.Length != batch)
        {
            throw new ArgumentException($"{labels.Length} labels for a batch of {batch}.", nameof(labels));
        }

        _probabilities = Tensor.Reuse(_probabilities, batch, classes);
        if (_labels?.Length != batch)
        {
            _labels = new int[batch];
        }

        labels.CopyTo(_labels);
        ReadOnlySpan<float> allLogits = logits.Span;
        Span<float> allProbabilities = _probabilities.Span;
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> z = allLogits.Slice(i * classes, classes);
            Span<float> p = allProbabilities.Slice(i * classes, classes);
            float max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, p);
            TensorPrimitives.Exp(p, p);
            float sum = TensorPrimitives.Sum(p);
            float logSum = MathF.Log(sum);
            TensorPrimitives.Divide(p, sum, p);

            // log p_j = z_j − max − log Σ; the smoothed target mixes the label with the uniform distribution.
            float logPLabel = z[labels[i]] - max - logSum;
            double loss = -(1f - _labelSmoothing) * logPLabel;
            if (_labelSmoothing > 0f)
            {
                float meanLogP = (TensorPrimitives.Sum(z) / classes) - max - logSum;
                loss -= _labelSmoothing * meanLogP;
            }

            total += loss;
        }

        return (float)(total / batch);
    }

    /// <summary>The gradient of the mean loss with respect to the logits of the last <see cref="Forward"/> call.</summary>
    public Tensor Backward()
    {
        Tensor p = _probabilities ?? throw new InvalidOperationException("Backward called before Forward.");
        int[] labels = _labels!;
        int batch = p.Dim(0);
        int classes = p.Dim(1);
        _gradient = Tensor.Reuse(_gradient, batch, classes);
        Span<float> g = _gradient.Span;
        ReadOnlySpan<float> probabilities = p.Span;
        float scale = 1f / batch;
        float uniform = _labelSmoothing / classes;
        for (int i = 0; i < batch; i++)
        {
            Span<float> gRow = g.Slice(i * classes, classes);
            ReadOnlySpan<float> pRow = probabilities.Slice(i * classes, classes);
            for (int j = 0; j < gRow.Length; j++)
            {
                gRow[j] = (pRow[j] - uniform) * scale;
            }

            gRow[labels[i]] = (pRow[labels[i]] - (1f - _labelSmoothing + uniform)) * scale;
        }

        return _gradient;
    }

    /// <summary>How many rows of <paramref name="logits"/> have their largest value at the label.</summary>
    public static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
        int classes = logits.Dim(1);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = TensorPrimitives.IndexOfMax(logits.Span.Slice(i * classes, classes));
            correct += best == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
