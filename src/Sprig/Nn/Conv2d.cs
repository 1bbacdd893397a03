using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Kernels.Dense;
using Sprig.Kernels.Sparse;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A 2-D convolution over NCHW input with a square kernel, computed as GEMMs over unfolded patches
/// (<c>Y = W·cols</c>) for chunks of images at a time, with the weight stored as [out, in, k, k] like PyTorch.
/// </summary>
/// <remarks>
/// Backward unfolds each chunk again instead of keeping the whole batch's patch matrix, which would cost
/// <c>N·Cin·k²·outH·outW</c> floats per layer (85 MB for the second conv of <c>cnn</c> at batch 128).
/// Dense 3×3 stride-1 layers with at least <see cref="WinogradMinInChannels"/> input channels and 8×8 outputs compute
/// the output and both gradients by Winograd F(4×4, 3×3) instead (<see cref="Winograd"/>).
/// </remarks>
public sealed class Conv2d : Module
{
    // Images are unfolded side by side until a GEMM has about this many columns: wide enough that the GEMM's
    // packing and two-thread split pay off (late ResNet stages have only 49 positions per image), small enough
    // that the patch matrix stays a few MB.
    internal const int ChunkColumns = 2048;

    /// <summary>
    /// Input channels from which a 3×3 stride-1 layer uses Winograd: the per-tile transforms only pay off over deep
    /// enough GEMMs. Measured at 28×28, batch 128, 1 thread (CPU ms, Winograd vs im2col): 1→32 forward 6.2 vs 0.7;
    /// 4→16 forward 2.1 vs 3.1 but weight gradient 4.8 vs 3.8; 8→16 forward 3.0 vs 6.9, weight gradient 5.7 vs 7.3.
    /// </summary>
    internal const int WinogradMinInChannels = 8;

    /// <summary>
    /// Output height and width from which a layer uses Winograd: on 7×7 planes (the last ResNet stage) the 4×4 tiles
    /// cover 8×8 and its weight gradient measured slower than im2col.
    /// </summary>
    internal const int WinogradMinOutputSize = 8;

    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _columns;
    private Tensor? _product;
    private Tensor? _inputGradient;
    private Tensor? _skippedInputGradient;
    private Tensor? _winogradFilter;
    private SparseValueRefresh _sparseValues;

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
    public int InChannels { get; private set; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; private set; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Step between neighbouring patches.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on every side.</summary>
    public int Padding { get; }

    /// <summary>The [out, in, k, k] weight.</summary>
    public Parameter Weight { get; private set; }

    /// <summary>The per-output-channel bias, or null.</summary>
    public Parameter? Bias { get; private set; }

    /// <summary>
    /// Swaps in narrower (or wider) parameters of the same kernel, as channel surgery needs: the channel counts follow
    /// the new weight's [out, in, k, k] shape. Cached buffers resize themselves on the next forward pass.
    /// </summary>
    internal void ReplaceParameters(Parameter weight, Parameter? bias)
    {
        if (weight.Value.Rank != 4 || weight.Value.Dim(2) != KernelSize || weight.Value.Dim(3) != KernelSize
            || (bias is null) != (Bias is null) || (bias is not null && bias.Length != weight.Value.Dim(0)))
        {
            throw new ArgumentException($"Weight {weight.Value} and bias do not fit a {KernelSize}x{KernelSize} convolution.", nameof(weight));
        }

        Weight = weight;
        Bias = bias;
        OutChannels = weight.Value.Dim(0);
        InChannels = weight.Value.Dim(1);
    }

    /// <summary>
    /// When set (by <see cref="Execution.ExecutionPlanner"/>), the weight [out, in·k·k] is sparse and the im2col products
    /// run only at its nonzeros (the patch matrix is already in the kernels' [features, columns] layout); the weight
    /// gradient is then accumulated only there. Null runs the dense GEMMs.
    /// </summary>
    internal SparseWeights? SparseWeights { get; set; }

    /// <summary>The output height or width for an input height or width (floor division, as in PyTorch).</summary>
    public int OutputSize(int inputSize) => Im2Col.OutputSize(inputSize, KernelSize, Stride, Padding);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 4 || input.Dim(1) != InChannels)
        {
            throw new SprigException($"conv2d expects input [N, {InChannels}, H, W] but got {input}");
        }

        int outH = OutputSize(input.Dim(2));
        int outW = OutputSize(input.Dim(3));
        if (outH < 1 || outW < 1)
        {
            throw new SprigException($"conv2d with kernel {KernelSize}, stride {Stride}, padding {Padding} has no output for input {input}");
        }

        _input = input;
        _output = Tensor.Reuse(_output, input.Dim(0), OutChannels, outH, outW);
        if (UsesWinograd(input))
        {
            ConvolveWinograd(input, Padding, adjoint: false, Bias is null ? [] : Bias.Value.Span, _output);
            return _output;
        }

        ConvGeometry g = Geometry(input);
        ReadOnlySpan<float> w = Weight.Value.Span;
        if (SparseWeights is { } values && _sparseValues.IsNeeded(values, IsTraining))
        {
            values.SetWeights(w);
        }
        for (int first = 0; first < g.Batch; first += g.ChunkImages)
        {
            int images = Math.Min(g.ChunkImages, g.Batch - first);
            int columns = images * g.Positions;
            UnfoldChunk(input.Span, g, first, images);

            // Y(out × images·positions) = W · cols, then scattered to [image, out, position].
            Span<float> product = _product!.Span[..(OutChannels * columns)];
            if (SparseWeights is { } sparse)
            {
                sparse.Multiply(_columns!.Span[..(g.Patch * columns)], columns, product);
            }
            else
            {
                Gemm.Multiply(Transpose.No, Transpose.No, OutChannels, columns, g.Patch,
                    w, g.Patch, _columns!.Span, columns, product, columns);
            }

            for (int j = 0; j < images; j++)
            {
                for (int c = 0; c < OutChannels; c++)
                {
                    Span<float> y = _output.Span.Slice((((first + j) * OutChannels) + c) * g.Positions, g.Positions);
                    ReadOnlySpan<float> row = product.Slice((c * columns) + (j * g.Positions), g.Positions);
                    if (Bias is null)
                    {
                        row.CopyTo(y);
                    }
                    else
                    {
                        TensorPrimitives.Add(row, Bias.Value.Span[c], y);
                    }
                }
            }
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        ConvGeometry g = Geometry(input);
        ReadOnlySpan<float> w = Weight.Value.Span;
        if (UsesWinograd(input))
        {
            return BackwardWinograd(input, outputGradient);
        }

        if (NeedsInputGradient)
        {
            _inputGradient = Tensor.Reuse(_inputGradient, input.Shape);
            _inputGradient.Clear();
        }

        for (int first = 0; first < g.Batch; first += g.ChunkImages)
        {
            int images = Math.Min(g.ChunkImages, g.Batch - first);
            int columns = images * g.Positions;
            UnfoldChunk(input.Span, g, first, images);

            // Gather dY into (out × images·positions), the layout of the forward product.
            Span<float> dy = _product!.Span[..(OutChannels * columns)];
            for (int j = 0; j < images; j++)
            {
                for (int c = 0; c < OutChannels; c++)
                {
                    outputGradient.Span.Slice((((first + j) * OutChannels) + c) * g.Positions, g.Positions)
                        .CopyTo(dy.Slice((c * columns) + (j * g.Positions), g.Positions));
                }
            }

            // dW += dY·colsᵀ
            if (SparseWeights is { } sparse)
            {
                Span<float> entries = Weight.CompactGradient;
                if (entries.IsEmpty)
                {
                    sparse.AddSampledProduct(dy, _columns!.Span[..(g.Patch * columns)], columns, Weight.Grad.Span);
                }
                else
                {
                    sparse.AddSampledProductToEntries(dy, _columns!.Span[..(g.Patch * columns)], columns, entries);
                }
            }
            else
            {
                Gemm.Multiply(Transpose.No, Transpose.Yes, OutChannels, g.Patch, columns,
                    dy, columns, _columns!.Span, columns, Weight.Grad.Span, g.Patch, accumulate: true);
            }

            if (Bias is not null)
            {
                for (int c = 0; c < OutChannels; c++)
                {
                    Bias.Grad.Span[c] += TensorPrimitives.Sum(dy.Slice(c * columns, columns));
                }
            }

            if (NeedsInputGradient)
            {
                // dcols = Wᵀ·dY overwrites the patch matrix (the weight gradient has read it), then folds back per image.
                if (SparseWeights is { } sparseT)
                {
                    sparseT.MultiplyTransposed(dy, columns, _columns.Span[..(g.Patch * columns)]);
                }
                else
                {
                    Gemm.Multiply(Transpose.Yes, Transpose.No, g.Patch, columns, OutChannels,
                        w, g.Patch, dy, columns, _columns.Span, columns);
                }

                FoldChunk(g, first, images);
            }
        }

        return NeedsInputGradient ? _inputGradient! : _skippedInputGradient ??= new Tensor(0);
    }

    /// <summary>Backward of a layer that <see cref="UsesWinograd"/>: no patch matrices at all.</summary>
    private Tensor BackwardWinograd(Tensor input, Tensor outputGradient)
    {
        int batch = input.Dim(0);
        Winograd.AddWeightGradient(input.Span, batch, InChannels, input.Dim(2), input.Dim(3), Padding,
            outputGradient.Span, OutChannels, Weight.Grad.Span);
        if (Bias is not null)
        {
            int positions = outputGradient.Dim(2) * outputGradient.Dim(3);
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < OutChannels; c++)
                {
                    Bias.Grad.Span[c] += TensorPrimitives.Sum(outputGradient.Span.Slice(((n * OutChannels) + c) * positions, positions));
                }
            }
        }

        if (!NeedsInputGradient)
        {
            return _skippedInputGradient ??= new Tensor(0);
        }

        // dX is the convolution of dY with the flipped, channel-transposed kernel and the complementary padding.
        _inputGradient = Tensor.Reuse(_inputGradient, input.Shape);
        ConvolveWinograd(outputGradient, 2 - Padding, adjoint: true, [], _inputGradient);
        return _inputGradient;
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

    /// <summary>
    /// Whether this layer runs on <see cref="Winograd"/> for <paramref name="input"/>: a dense 3×3 stride-1 kernel,
    /// padding at most 2 (so that the input gradient is again a convolution), enough input channels and output
    /// positions, and SIMD for the transforms.
    /// </summary>
    private bool UsesWinograd(Tensor input) =>
        KernelSize == 3 && Stride == 1 && Padding <= 2 && InChannels >= WinogradMinInChannels
        && OutputSize(input.Dim(2)) >= WinogradMinOutputSize && OutputSize(input.Dim(3)) >= WinogradMinOutputSize
        && SparseWeights is null && Winograd.IsAccelerated;

    /// <summary>
    /// Convolves <paramref name="source"/> with the transformed weight into <paramref name="destination"/>: the forward
    /// pass, or with <paramref name="adjoint"/> the input gradient from the output gradient. The weight is transformed
    /// on every call because the optimizer changes it between steps.
    /// </summary>
    private void ConvolveWinograd(Tensor source, int padding, bool adjoint, ReadOnlySpan<float> bias, Tensor destination)
    {
        int channels = adjoint ? OutChannels : InChannels;
        int produced = adjoint ? InChannels : OutChannels;
        _winogradFilter = Tensor.Reuse(_winogradFilter, Winograd.TransformedFilterLength(produced, channels));
        Winograd.TransformFilter(Weight.Value.Span, OutChannels, InChannels, adjoint, _winogradFilter.Span);
        Winograd.Convolve(source.Span, source.Dim(0), channels, source.Dim(2), source.Dim(3), padding,
            _winogradFilter.Span, produced, bias, destination.Span);
    }

    /// <summary>Sizes for one input shape; buffers are (re)sized here so the chunk loops do not allocate.</summary>
    private ConvGeometry Geometry(Tensor input)
    {
        int batch = input.Dim(0);
        int positions = OutputSize(input.Dim(2)) * OutputSize(input.Dim(3));
        var g = new ConvGeometry(batch, input.Dim(2), input.Dim(3), positions, InChannels * KernelSize * KernelSize,
            ChunkImages: Math.Clamp(ChunkColumns / positions, 1, Math.Max(1, batch)));
        _columns = Tensor.Reuse(_columns, g.Patch, g.ChunkImages * g.Positions);
        _product = Tensor.Reuse(_product, OutChannels, g.ChunkImages * g.Positions);
        return g;
    }

    /// <summary>Unfolds images [first, first + images) into the patch matrix (patch × images·positions).</summary>
    private void UnfoldChunk(ReadOnlySpan<float> input, in ConvGeometry g, int first, int images)
    {
        int imageLength = InChannels * g.Height * g.Width;
        Im2Col.UnfoldBatch(input.Slice(first * imageLength, images * imageLength), images, InChannels, g.Height, g.Width,
            KernelSize, KernelSize, Stride, Padding, _columns!.Span);
    }

    /// <summary>Adds the column gradients of images [first, first + images) back onto their input positions.</summary>
    private void FoldChunk(in ConvGeometry g, int first, int images)
    {
        int imageLength = InChannels * g.Height * g.Width;
        Im2Col.FoldAddBatch(_columns!.Span, images, InChannels, g.Height, g.Width, KernelSize, KernelSize, Stride, Padding,
            _inputGradient!.Span.Slice(first * imageLength, images * imageLength));
    }

    /// <summary>Batch, input height and width, output positions per image, patch length, and images per GEMM.</summary>
    private readonly record struct ConvGeometry(int Batch, int Height, int Width, int Positions, int Patch, int ChunkImages);
}
