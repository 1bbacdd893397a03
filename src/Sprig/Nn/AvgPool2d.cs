using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Average pooling over NCHW input without padding (output size rounds down, as in PyTorch).</summary>
public sealed class AvgPool2d : Pool2d
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[]? _inputShape;

    /// <summary>Creates the layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride, "average pooling")
    {
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var (planes, height, width, outH, outW) = Geometry(input);
        _inputShape = input.ShapeArray();
        _output = Tensor.Reuse(_output, input.Dim(0), input.Dim(1), outH, outW);
        ReadOnlySpan<float> x = input.Span;
        Span<float> y = _output.Span;
        float scale = 1f / (KernelSize * KernelSize);
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++, o++)
                {
                    float sum = 0f;
                    for (int ky = 0; ky < KernelSize; ky++)
                    {
                        int rowStart = (((plane * height) + (oy * Stride) + ky) * width) + (ox * Stride);
                        for (int kx = 0; kx < KernelSize; kx++)
                        {
                            sum += x[rowStart + kx];
                        }
                    }

                    y[o] = sum * scale;
                }
            }
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        int[] shape = _inputShape ?? throw new InvalidOperationException("Backward called before Forward.");
        int height = shape[2];
        int width = shape[3];
        int outH = outputGradient.Dim(2);
        int outW = outputGradient.Dim(3);
        _inputGradient = Tensor.Reuse(_inputGradient, shape);
        _inputGradient.Clear();
        Span<float> dx = _inputGradient.Span;
        ReadOnlySpan<float> dy = outputGradient.Span;
        float scale = 1f / (KernelSize * KernelSize);
        int planes = shape[0] * shape[1];
        int o = 0;
        for (int plane = 0; plane < planes; plane++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++, o++)
                {
                    float share = dy[o] * scale;
                    for (int ky = 0; ky < KernelSize; ky++)
                    {
                        int rowStart = (((plane * height) + (oy * Stride) + ky) * width) + (ox * Stride);
                        for (int kx = 0; kx < KernelSize; kx++)
                        {
                            dx[rowStart + kx] += share;
                        }
                    }
                }
            }
        }

        return _inputGradient;
    }
}
