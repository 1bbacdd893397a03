using Sprig.Kernels.Elementwise;
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
        Relu.Forward(input.Span, _output.Span);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor output = _output ?? throw new InvalidOperationException("Backward called before Forward.");
        if (outputGradient.Length != output.Length)
        {
            throw new ArgumentException($"Gradient {outputGradient} does not match the output {output}.", nameof(outputGradient));
        }

        _inputGradient = Tensor.Reuse(_inputGradient, output.Shape);
        Relu.Backward(output.Span, outputGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }
}
