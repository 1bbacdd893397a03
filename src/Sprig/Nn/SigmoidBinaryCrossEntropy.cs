using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Sigmoid outputs with one binary cross-entropy per class against one-hot targets, summed over classes and averaged
/// over the batch: L = (1/N) Σ_i Σ_j [softplus(z_ij) − y_ij·z_ij], so ∂L/∂z = (σ(z) − y)/N. The SET reference MLP
/// (Mocanu et al. 2018) trains its sigmoid output layer with the error signal (σ − y)·σ′(σ), which is this gradient
/// times a factor between 0.197 and 0.25.
/// </summary>
public sealed class SigmoidBinaryCrossEntropy : ILoss
{
    private Tensor? _sigmoid;
    private int[] _labels = [];
    private Tensor? _gradient;

    /// <inheritdoc/>
    public float Forward(Tensor logits, ReadOnlySpan<int> labels)
    {
        int batch = logits.Dim(0);
        int classes = logits.Dim(1);
        if (labels.Length != batch)
        {
            throw new ArgumentException($"{labels.Length} labels for a batch of {batch}.", nameof(labels));
        }

        _sigmoid = Tensor.Reuse(_sigmoid, batch, classes);
        System.Numerics.Tensors.TensorPrimitives.Sigmoid(logits.Span, _sigmoid.Span);
        if (_labels.Length != batch)
        {
            _labels = new int[batch];
        }

        labels.CopyTo(_labels);
        ReadOnlySpan<float> z = logits.Span;
        double total = 0;
        for (int i = 0; i < z.Length; i++)
        {
            // softplus(z) = max(z, 0) + log(1 + e^−|z|), stable for large |z|.
            total += Math.Max(z[i], 0f) + Math.Log(1 + Math.Exp(-Math.Abs(z[i])));
        }

        for (int i = 0; i < batch; i++)
        {
            total -= z[(i * classes) + labels[i]];
        }

        return (float)(total / batch);
    }

    /// <inheritdoc/>
    public Tensor Backward()
    {
        Tensor sigmoid = _sigmoid ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = sigmoid.Dim(0);
        int classes = sigmoid.Dim(1);
        _gradient = Tensor.Reuse(_gradient, batch, classes);
        Span<float> g = _gradient.Span;
        float scale = 1f / batch;
        System.Numerics.Tensors.TensorPrimitives.Multiply(sigmoid.Span, scale, g);
        for (int i = 0; i < batch; i++)
        {
            g[(i * classes) + _labels[i]] -= scale;
        }

        return _gradient;
    }
}
