using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Data;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Inverted dropout: in training each element is zeroed with probability p and the survivors are scaled by
/// 1/(1 − p), so evaluation mode is the identity. The masks are a hash of (seed, forward count, element index)
/// rather than a running generator, and the forward count is a buffer in the state dict, so a checkpointed run
/// resumes with exactly the masks the uninterrupted run would have drawn.
/// </summary>
public sealed class Dropout : Module
{
    private readonly ulong _seed;

    // The training forward count as two exact float halves (low 16 bits, the rest), so it survives a float checkpoint.
    private readonly Tensor _draws = new(2);
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[] _scales = [];
    private bool _droppedInForward;

    /// <summary>Creates the layer; its seed is drawn from <paramref name="rng"/> (pass the model's init stream).</summary>
    public Dropout(float probability, Rng rng)
    {
        if (probability is < 0f or >= 1f)
        {
            throw new SprigException($"dropout probability must be in [0, 1), got {probability}");
        }

        Probability = probability;
        _seed = ((ulong)rng.NextUInt() << 32) | rng.NextUInt();
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

        DropoutScales.Fill(_scales, SeedHash.Mix(_seed, NextDraw()), Probability);

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

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Tensor Buffer)> OwnBuffers() => [("draws", _draws)];

    private ulong NextDraw()
    {
        Span<float> halves = _draws.Span;
        ulong draw = (ulong)halves[0] + ((ulong)halves[1] * 65536UL);
        ulong next = draw + 1;
        halves[0] = next % 65536UL;
        halves[1] = next / 65536UL;
        return draw;
    }
}
