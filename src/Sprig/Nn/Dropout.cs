using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Inverted dropout: in training each element is zeroed with probability p and the survivors are scaled by
/// 1/(1 − p), so evaluation mode is the identity.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Rng _rng;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[] _scales = [];
    private bool _droppedInForward;

    /// <summary>Creates the layer; <paramref name="rng"/> draws the masks (pass a forked stream so runs are reproducible).</summary>
    public Dropout(float probability, Rng rng)
    {
        if (probability is < 0f or >= 1f)
        {
            throw new SprigException($"dropout probability must be in [0, 1), got {probability}");
        }

        Probability = probability;
        _rng = rng;
    }

    /// <summary>The probability p of zeroing an element in training.</summary>
    public float Probability { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _droppedInForward = IsTraining && Probability > 0f;
        if (!_droppedInForward)
        {
            return input;
        }

        if (_scales.Length != input.Length)
        {
            _scales = new float[input.Length];
        }

        float keep = 1f / (1f - Probability);
        for (int i = 0; i < _scales.Length; i++)
        {
            _scales[i] = _rng.NextFloat() >= Probability ? keep : 0f;
        }

        _output = Tensor.Reuse(_output, input.Shape);
        TensorPrimitives.Multiply(input.Span, _scales, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        if (!_droppedInForward)
        {
            return outputGradient;
        }

        _inputGradient = Tensor.Reuse(_inputGradient, outputGradient.Shape);
        TensorPrimitives.Multiply(outputGradient.Span, _scales, _inputGradient.Span);
        return _inputGradient;
    }
}
