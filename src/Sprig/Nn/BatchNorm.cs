using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// Batch normalisation over dimension 1 of [N, C, …] input, as in PyTorch: training mode normalises with the batch
/// statistics (biased variance) and updates running statistics with <c>r ← (1 − m)·r + m·batch</c> (unbiased
/// variance); evaluation mode normalises with the running statistics. γ and β are trainable but never prunable.
/// </summary>
public abstract class BatchNorm : Module
{
    private Tensor? _normalized;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor? _skippedInputGradient;
    private float[] _inverseStd;
    private bool _normalizedWithBatchStatistics;

    /// <summary>Creates the layer with γ = 1, β = 0, running mean 0 and running variance 1.</summary>
    protected BatchNorm(int features, float epsilon, float momentum)
    {
        if (features < 1)
        {
            throw new SprigException($"batch norm needs at least one feature, got {features}");
        }

        Features = features;
        Epsilon = epsilon;
        Momentum = momentum;
        Weight = new Parameter(new Tensor(features), prunable: false);
        Init.Constant(Weight.Value, 1f);
        Bias = new Parameter(new Tensor(features), prunable: false);
        RunningMean = new Tensor(features);
        RunningVar = new Tensor(features);
        Init.Constant(RunningVar, 1f);
        NumBatchesTracked = new Tensor(Array.Empty<int>());
        _inverseStd = new float[features];
    }

    /// <summary>The number of channels C.</summary>
    public int Features { get; private set; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>The weight of the newest batch in the running statistics.</summary>
    public float Momentum { get; internal set; }

    /// <summary>The per-channel scale γ.</summary>
    public Parameter Weight { get; private set; }

    /// <summary>The per-channel shift β.</summary>
    public Parameter Bias { get; private set; }

    /// <summary>The running mean (a buffer, saved in the state dict as <c>running_mean</c>).</summary>
    public Tensor RunningMean { get; private set; }

    /// <summary>The running unbiased variance (saved as <c>running_var</c>).</summary>
    public Tensor RunningVar { get; private set; }

    /// <summary>How many training batches updated the running statistics (a scalar, saved as <c>num_batches_tracked</c>).</summary>
    public Tensor NumBatchesTracked { get; }

    /// <summary>Swaps in the γ, β and running statistics of a different channel count, as channel surgery needs.</summary>
    internal void ReplaceChannels(Parameter weight, Parameter bias, Tensor runningMean, Tensor runningVar)
    {
        int features = weight.Length;
        if (features < 1 || bias.Length != features || runningMean.Length != features || runningVar.Length != features)
        {
            throw new ArgumentException("Batch-norm γ, β and running statistics must have one equal, positive length.", nameof(weight));
        }

        Features = features;
        Weight = weight;
        Bias = bias;
        RunningMean = runningMean;
        RunningVar = runningVar;
        _inverseStd = new float[features];
    }

    /// <summary>Whether an input of this rank is valid for the layer (checked before every forward pass).</summary>
    protected abstract bool AcceptsRank(int rank);

    /// <summary>The expected input shape as text for error messages, e.g. <c>[N, C, H, W]</c>.</summary>
    protected abstract string ExpectedShape { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        if (!AcceptsRank(input.Rank) || input.Dim(1) != Features)
        {
            throw new SprigException($"{GetType().Name} with {Features} features expects input {ExpectedShape} but got {input}");
        }

        int batch = input.Dim(0);
        int spatial = batch == 0 ? 0 : input.Length / (batch * Features);
        _normalized = Tensor.Reuse(_normalized, input.Shape);
        _output = Tensor.Reuse(_output, input.Shape);
        _normalizedWithBatchStatistics = IsTraining;
        if (IsTraining)
        {
            NormalizeWithBatchStatistics(input, batch, spatial);
        }
        else
        {
            NormalizeWithRunningStatistics(input, batch, spatial);
        }

        ReadOnlySpan<float> gamma = Weight.Value.Span;
        ReadOnlySpan<float> beta = Bias.Value.Span;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < Features; c++)
            {
                int offset = ((n * Features) + c) * spatial;
                Span<float> y = _output.Span.Slice(offset, spatial);
                TensorPrimitives.Multiply(_normalized.Span.Slice(offset, spatial), gamma[c], y);
                TensorPrimitives.Add(y, beta[c], y);
            }
        }

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor normalized = _normalized ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = normalized.Dim(0);
        int spatial = batch == 0 ? 0 : normalized.Length / (batch * Features);
        int count = batch * spatial;
        ReadOnlySpan<float> dy = outputGradient.Span;
        ReadOnlySpan<float> xHat = normalized.Span;
        ReadOnlySpan<float> gamma = Weight.Value.Span;
        Span<float> dGamma = Weight.Grad.Span;
        Span<float> dBeta = Bias.Grad.Span;
        if (NeedsInputGradient)
        {
            _inputGradient = Tensor.Reuse(_inputGradient, normalized.Shape);
        }

        for (int c = 0; c < Features; c++)
        {
            double sumDy = 0;
            double sumDyXHat = 0;
            for (int n = 0; n < batch; n++)
            {
                int offset = ((n * Features) + c) * spatial;
                sumDy += TensorPrimitives.Sum(dy.Slice(offset, spatial));
                sumDyXHat += TensorPrimitives.Dot(dy.Slice(offset, spatial), xHat.Slice(offset, spatial));
            }

            dGamma[c] += (float)sumDyXHat;
            dBeta[c] += (float)sumDy;
            if (!NeedsInputGradient)
            {
                continue;
            }

            // Train: dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)), because the batch statistics depend on x.
            // Eval: the statistics are constants, so dx = γ/σ·dy.
            float scale = gamma[c] * _inverseStd[c];
            float meanDy = _normalizedWithBatchStatistics ? (float)(sumDy / count) : 0f;
            float meanDyXHat = _normalizedWithBatchStatistics ? (float)(sumDyXHat / count) : 0f;
            for (int n = 0; n < batch; n++)
            {
                int offset = ((n * Features) + c) * spatial;
                Span<float> dx = _inputGradient!.Span.Slice(offset, spatial);
                TensorPrimitives.MultiplyAdd(xHat.Slice(offset, spatial), -meanDyXHat, dy.Slice(offset, spatial), dx);
                TensorPrimitives.Add(dx, -meanDy, dx);
                TensorPrimitives.Multiply(dx, scale, dx);
            }
        }

        return NeedsInputGradient ? _inputGradient! : _skippedInputGradient ??= new Tensor(0);
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Parameter Parameter)> OwnParameters()
    {
        yield return ("weight", Weight);
        yield return ("bias", Bias);
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Tensor Buffer)> OwnBuffers()
    {
        yield return ("running_mean", RunningMean);
        yield return ("running_var", RunningVar);
        yield return ("num_batches_tracked", NumBatchesTracked);
    }

    private void NormalizeWithBatchStatistics(Tensor input, int batch, int spatial)
    {
        int count = batch * spatial;
        if (count < 2)
        {
            throw new SprigException($"{GetType().Name} in training mode needs more than one value per channel, got input {input}");
        }

        ReadOnlySpan<float> x = input.Span;
        Span<float> xHat = _normalized!.Span;
        Span<float> runningMean = RunningMean.Span;
        Span<float> runningVar = RunningVar.Span;
        for (int c = 0; c < Features; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                sum += TensorPrimitives.Sum(x.Slice(((n * Features) + c) * spatial, spatial));
            }

            float mean = (float)(sum / count);

            // Two passes (x − mean first) keep the variance accurate when the mean is large.
            double squares = 0;
            for (int n = 0; n < batch; n++)
            {
                int offset = ((n * Features) + c) * spatial;
                TensorPrimitives.Subtract(x.Slice(offset, spatial), mean, xHat.Slice(offset, spatial));
                squares += TensorPrimitives.SumOfSquares(xHat.Slice(offset, spatial));
            }

            double variance = squares / count;
            float inverseStd = (float)(1.0 / Math.Sqrt(variance + Epsilon));
            _inverseStd[c] = inverseStd;
            for (int n = 0; n < batch; n++)
            {
                int offset = ((n * Features) + c) * spatial;
                TensorPrimitives.Multiply(xHat.Slice(offset, spatial), inverseStd, xHat.Slice(offset, spatial));
            }

            runningMean[c] = ((1f - Momentum) * runningMean[c]) + (Momentum * mean);
            runningVar[c] = ((1f - Momentum) * runningVar[c]) + (Momentum * (float)(squares / (count - 1)));
        }

        NumBatchesTracked.Span[0] += 1f;
    }

    private void NormalizeWithRunningStatistics(Tensor input, int batch, int spatial)
    {
        ReadOnlySpan<float> x = input.Span;
        Span<float> xHat = _normalized!.Span;
        for (int c = 0; c < Features; c++)
        {
            float mean = RunningMean.Span[c];
            float inverseStd = 1f / MathF.Sqrt(RunningVar.Span[c] + Epsilon);
            _inverseStd[c] = inverseStd;
            for (int n = 0; n < batch; n++)
            {
                int offset = ((n * Features) + c) * spatial;
                TensorPrimitives.Subtract(x.Slice(offset, spatial), mean, xHat.Slice(offset, spatial));
                TensorPrimitives.Multiply(xHat.Slice(offset, spatial), inverseStd, xHat.Slice(offset, spatial));
            }
        }
    }
}
