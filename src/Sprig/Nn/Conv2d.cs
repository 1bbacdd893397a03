using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Kernels.Dense;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A 2-D convolution over NCHW input with a square kernel, computed per image as one GEMM over the unfolded patches
/// (<c>Y = W·cols</c>), with the weight stored as [out, in, k, k] like PyTorch.
/// </summary>
/// <remarks>
/// Backward unfolds each image again instead of keeping the whole batch's patch matrix, which would cost
/// <c>N·Cin·k²·outH·outW</c> floats per layer (85 MB for the second conv of <c>cnn</c> at batch 128).
/// A 1×1 convolution with stride 1 and no padding reads the image directly as its patch matrix.
/// </remarks>
public sealed class Conv2d : Module
{
    private readonly bool _isPointwise;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _columns;
    private Tensor? _inputGradient;
    private Tensor? _skippedInputGradient;

    /// <summary>Creates the layer with PyTorch's default initialisation (uniform in ±1/√(in·k²)).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, bool bias = true)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0)
        {
            throw new SprigException(
                $"conv2d needs positive channels, kernel and stride and non-negative padding; got in={inChannels}, out={outChannels}, kernel={kernelSize}, stride={stride}, padding={padding}");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        _isPointwise = kernelSize == 1 && stride == 1 && padding == 0;
        int fanIn = inChannels * kernelSize * kernelSize;
        Weight = new Parameter(new Tensor(outChannels, inChannels, kernelSize, kernelSize), prunable: true);
        Init.DefaultUniform(Weight.Value, fanIn, rng);
        if (bias)
        {
            Bias = new Parameter(new Tensor(outChannels), prunable: false);
            Init.DefaultUniform(Bias.Value, fanIn, rng);
        }
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring patches.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on every side.</summary>
    public int Padding { get; }

    /// <summary>The [out, in, k, k] weight.</summary>
    public Parameter Weight { get; }

    /// <summary>The per-output-channel bias, or null.</summary>
    public Parameter? Bias { get; }

    /// <summary>The output height or width for an input height or width (floor division, as in PyTorch).</summary>
    public int OutputSize(int inputSize) => Im2Col.OutputSize(inputSize, KernelSize, Stride, Padding);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Dim(1) != InChannels)
        {
            throw new SprigException($"conv2d expects input [N, {InChannels}, H, W] but got {input}");
        }

        int batch = input.Dim(0);
        int height = input.Dim(2);
        int width = input.Dim(3);
        int outH = OutputSize(height);
        int outW = OutputSize(width);
        if (outH < 1 || outW < 1)
        {
            throw new SprigException($"conv2d with kernel {KernelSize}, stride {Stride}, padding {Padding} has no output for input {input}");
        }

        _input = input;
        _output = Tensor.Reuse(_output, batch, OutChannels, outH, outW);
        int patch = InChannels * KernelSize * KernelSize;
        int positions = outH * outW;
        int imageLength = InChannels * height * width;
        int outputLength = OutChannels * positions;
        ReadOnlySpan<float> w = Weight.Value.Span;
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> columns = Unfold(input.Span.Slice(n * imageLength, imageLength), height, width, patch, positions);
            Span<float> y = _output.Span.Slice(n * outputLength, outputLength);
            if (Bias is not null)
            {
                ReadOnlySpan<float> b = Bias.Value.Span;
                for (int c = 0; c < OutChannels; c++)
                {
                    y.Slice(c * positions, positions).Fill(b[c]);
                }
            }

            Gemm.Multiply(Transpose.No, Transpose.No, OutChannels, positions, patch,
                w, patch, columns, positions, y, positions, accumulate: Bias is not null);
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = input.Dim(0);
        int height = input.Dim(2);
        int width = input.Dim(3);
        int positions = outputGradient.Dim(2) * outputGradient.Dim(3);
        int patch = InChannels * KernelSize * KernelSize;
        int imageLength = InChannels * height * width;
        int outputLength = OutChannels * positions;
        ReadOnlySpan<float> w = Weight.Value.Span;
        Span<float> dw = Weight.Grad.Span;
        if (NeedsInputGradient)
        {
            _inputGradient = Tensor.Reuse(_inputGradient, input.Shape);
            if (!_isPointwise)
            {
                _inputGradient.Clear();
            }
        }

        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> dy = outputGradient.Span.Slice(n * outputLength, outputLength);
            ReadOnlySpan<float> columns = Unfold(input.Span.Slice(n * imageLength, imageLength), height, width, patch, positions);

            // dW += dY·colsᵀ
            Gemm.Multiply(Transpose.No, Transpose.Yes, OutChannels, patch, positions,
                dy, positions, columns, positions, dw, patch, accumulate: true);
            if (Bias is not null)
            {
                Span<float> db = Bias.Grad.Span;
                for (int c = 0; c < OutChannels; c++)
                {
                    db[c] += TensorPrimitives.Sum(dy.Slice(c * positions, positions));
                }
            }

            if (NeedsInputGradient)
            {
                Span<float> dx = _inputGradient!.Span.Slice(n * imageLength, imageLength);
                if (_isPointwise)
                {
                    Gemm.Multiply(Transpose.Yes, Transpose.No, patch, positions, OutChannels,
                        w, patch, dy, positions, dx, positions);
                }
                else
                {
                    // dcols = Wᵀ·dY, folded back onto the image positions each patch entry came from. It overwrites
                    // this image's patch matrix, which the weight gradient above has finished reading.
                    Span<float> columnGradient = _columns!.Span;
                    Gemm.Multiply(Transpose.Yes, Transpose.No, patch, positions, OutChannels,
                        w, patch, dy, positions, columnGradient, positions);
                    Im2Col.FoldAdd(columnGradient, InChannels, height, width, KernelSize, KernelSize, Stride, Padding, dx);
                }
            }
        }

        return NeedsInputGradient ? _inputGradient! : _skippedInputGradient ??= new Tensor(0);
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Parameter Parameter)> OwnParameters()
    {
        yield return ("weight", Weight);
        if (Bias is not null)
        {
            yield return ("bias", Bias);
        }
    }

    /// <summary>The patch matrix (patch × positions) of one image: the image itself for a pointwise conv.</summary>
    private ReadOnlySpan<float> Unfold(ReadOnlySpan<float> image, int height, int width, int patch, int positions)
    {
        if (_isPointwise)
        {
            return image;
        }

        _columns = Tensor.Reuse(_columns, patch, positions);
        Im2Col.Unfold(image, InChannels, height, width, KernelSize, KernelSize, Stride, Padding, _columns.Span);
        return _columns.Span;
    }
}
