using Sprig.Kernels.Elementwise;
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
    private float[] _batchMean;
    private float[] _batchVariance;
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
        _batchMean = new float[features];
        _batchVariance = new float[features];
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
        _batchMean = new float[features];
        _batchVariance = new float[features];
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

        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor normalized = _normalized ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = normalized.Dim(0);
        int spatial = batch == 0 ? 0 : normalized.Length / (batch * Features);
        if (NeedsInputGradient)
        {
            _inputGradient = Tensor.Reuse(_inputGradient, normalized.Shape);
        }

        BatchNormalization.Backward(
            outputGradient.Span, normalized.Span, batch, spatial, Weight.Value.Span, _inverseStd, _normalizedWithBatchStatistics,
            Weight.Grad.Span, Bias.Grad.Span, NeedsInputGradient ? _inputGradient!.Span : []);
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

        BatchNormalization.ForwardTraining(
            input.Span, batch, spatial, Epsilon, Weight.Value.Span, Bias.Value.Span, _normalized!.Span, _output!.Span,
            _batchMean, _inverseStd, _batchVariance);
        Span<float> runningMean = RunningMean.Span;
        Span<float> runningVar = RunningVar.Span;
        for (int c = 0; c < Features; c++)
        {
            runningMean[c] = ((1f - Momentum) * runningMean[c]) + (Momentum * _batchMean[c]);
            runningVar[c] = ((1f - Momentum) * runningVar[c]) + (Momentum * _batchVariance[c]);
        }

        NumBatchesTracked.Span[0] += 1f;
    }

    private void NormalizeWithRunningStatistics(Tensor input, int batch, int spatial)
    {
        for (int c = 0; c < Features; c++)
        {
            _inverseStd[c] = 1f / MathF.Sqrt(RunningVar.Span[c] + Epsilon);
        }

        BatchNormalization.ForwardInference(
            input.Span, batch, spatial, RunningMean.Span, _inverseStd, Weight.Value.Span, Bias.Value.Span, _normalized!.Span, _output!.Span);
    }
}
