using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Averages each channel over all positions: [N, C, H, W] → [N, C, 1, 1] (PyTorch's <c>AdaptiveAvgPool2d(1)</c>).</summary>
public sealed class GlobalAvgPool2d : Module
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private int[]? _inputShape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Dim(2) * input.Dim(3) == 0)
        {
            throw new SprigException($"global average pooling expects non-empty input [N, C, H, W] but got {input}");
        }

        _inputShape = input.ShapeArray();
        int positions = input.Dim(2) * input.Dim(3);
        _output = Tensor.Reuse(_output, input.Dim(0), input.Dim(1), 1, 1);
        Span<float> y = _output.Span;
        for (int plane = 0; plane < y.Length; plane++)
        {
            y[plane] = TensorPrimitives.Sum(input.Span.Slice(plane * positions, positions)) / positions;
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        int[] shape = _inputShape ?? throw new InvalidOperationException("Backward called before Forward.");
        int positions = shape[2] * shape[3];
        _inputGradient = Tensor.Reuse(_inputGradient, shape);
        ReadOnlySpan<float> dy = outputGradient.Span;
        for (int plane = 0; plane < dy.Length; plane++)
        {
            _inputGradient.Span.Slice(plane * positions, positions).Fill(dy[plane] / positions);
        }

        return _inputGradient;
    }
}
