using Sprig.Kernels.Elementwise;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Max pooling over NCHW input without padding (output size rounds down, as in PyTorch). Backward sends each output
/// gradient to the input position that held the maximum (the first one on ties).
/// </summary>
public sealed class MaxPool2d : Pool2d
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[] _argMax = [];
    private int[]? _inputShape;

    /// <summary>Creates the layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride, "max pooling")
    {
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var (planes, height, width, outH, outW) = Geometry(input);
        _inputShape = input.ShapeArray();
        _output = Tensor.Reuse(_output, input.Dim(0), input.Dim(1), outH, outW);
        if (_argMax.Length != _output.Length)
        {
            _argMax = new int[_output.Length];
        }

        MaxPool.Forward(input.Span, planes, height, width, KernelSize, Stride, _output.Span, _argMax);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        int[] shape = _inputShape ?? throw new InvalidOperationException("Backward called before Forward.");
        _inputGradient = Tensor.Reuse(_inputGradient, shape);
        MaxPool.Backward(outputGradient.Span, _argMax, shape[0] * shape[1], _inputGradient.Span);
        return _inputGradient;
    }
}
