using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Rectified linear unit, <c>max(x, 0)</c>.</summary>
public sealed class ReLU : Module
{
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>The output of the last forward pass (used by activity scores such as APoZ).</summary>
    public Tensor? LastOutput => _output;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _output = Tensor.Reuse(_output, input.Shape);
        System.Numerics.Tensors.TensorPrimitives.Max(input.Span, 0f, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor output = _output ?? throw new InvalidOperationException("Backward called before Forward.");
        _inputGradient = Tensor.Reuse(_inputGradient, output.Shape);
        ReadOnlySpan<float> y = output.Span;
        ReadOnlySpan<float> dy = outputGradient.Span;
        Span<float> dx = _inputGradient.Span;
        for (int i = 0; i < dx.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }

        return _inputGradient;
    }
}
