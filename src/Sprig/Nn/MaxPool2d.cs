using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Max pooling over NCHW input without padding (output size rounds down, as in PyTorch). Backward sends each output
/// gradient to the input position that held the maximum (the first one on ties).
/// </summary>
public sealed class MaxPool2d : Module
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[] _argMax = [];
    private int[]? _inputShape;

    /// <summary>Creates the layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null)
    {
        if (kernelSize < 1 || stride < 1)
        {
            throw new SprigException($"max pooling needs a positive kernel and stride, got kernel={kernelSize}, stride={stride}");
        }

        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
    }

    /// <summary>Window height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between windows.</summary>
    public int Stride { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var (planes, height, width, outH, outW) = PoolGeometry.Of(input, KernelSize, Stride, "max pooling");
        _inputShape = input.ShapeArray();
        _output = Tensor.Reuse(_output, input.Dim(0), input.Dim(1), outH, outW);
        if (_argMax.Length != _output.Length)
        {
            _argMax = new int[_output.Length];
        }

        ReadOnlySpan<float> x = input.Span;
        Span<float> y = _output.Span;
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            int planeOffset = plane * height * width;
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++, o++)
                {
                    int best = planeOffset + (oy * Stride * width) + (ox * Stride);
                    float bestValue = x[best];
                    for (int ky = 0; ky < KernelSize; ky++)
                    {
                        int rowStart = planeOffset + (((oy * Stride) + ky) * width) + (ox * Stride);
                        for (int kx = 0; kx < KernelSize; kx++)
                        {
                            if (x[rowStart + kx] > bestValue)
                            {
                                bestValue = x[rowStart + kx];
                                best = rowStart + kx;
                            }
                        }
                    }

                    y[o] = bestValue;
                    _argMax[o] = best;
                }
            }
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        int[] shape = _inputShape ?? throw new InvalidOperationException("Backward called before Forward.");
        _inputGradient = Tensor.Reuse(_inputGradient, shape);
        _inputGradient.Clear();
        Span<float> dx = _inputGradient.Span;
        ReadOnlySpan<float> dy = outputGradient.Span;
        for (int o = 0; o < dy.Length; o++)
        {
            dx[_argMax[o]] += dy[o];
        }

        return _inputGradient;
    }
}
