using Sprig.Kernels.Dense;
using Sprig.Kernels.Elementwise;
using Sprig.Kernels.Sparse;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>A fully connected layer, <c>y = x·Wᵀ + b</c>, with W stored as [out, in] like PyTorch.</summary>
public sealed class Linear : Module
{
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;
    private SparseValueRefresh _sparseValues;

    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter(new Tensor(outFeatures, inFeatures), prunable: true);
        Init.DefaultUniform(Weight.Value, inFeatures, rng);
        if (bias)
        {
            Bias = new Parameter(new Tensor(outFeatures), prunable: false);
            Init.DefaultUniform(Bias.Value, inFeatures, rng);
        }
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; private set; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; private set; }

    /// <summary>The [out, in] weight.</summary>
    public Parameter Weight { get; private set; }

    /// <summary>The bias, or null.</summary>
    public Parameter? Bias { get; private set; }

    /// <summary>Swaps in narrower (or wider) parameters, as channel surgery needs; the sizes follow the [out, in] weight.</summary>
    internal void ReplaceParameters(Parameter weight, Parameter? bias)
    {
        if (weight.Value.Rank != 2 || (bias is null) != (Bias is null) || (bias is not null && bias.Length != weight.Value.Dim(0)))
        {
            throw new ArgumentException($"Weight {weight.Value} and bias do not fit a linear layer.", nameof(weight));
        }

        Weight = weight;
        Bias = bias;
        OutFeatures = weight.Value.Dim(0);
        InFeatures = weight.Value.Dim(1);
    }

    /// <summary>
    /// When set (by <see cref="Execution.ExecutionPlanner"/>), the products run only at the mask's nonzeros through this
    /// operator; the weight gradient is then accumulated only there. Null runs the dense GEMMs.
    /// </summary>
    internal SparseLinearOperator? SparseOperator { get; set; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int batch = input.Dim(0);
        if (input.Length != batch * InFeatures)
        {
            throw new SprigException($"linear layer expects {InFeatures} input features but got input of shape {input}");
        }

        _input = input;
        _output = Tensor.Reuse(_output, batch, OutFeatures);
        Span<float> y = _output.Span;
        if (SparseOperator is { } sparse)
        {
            if (_sparseValues.IsNeeded(sparse, IsTraining))
            {
                sparse.SetWeights(Weight.Value.Span);
            }

            sparse.Forward(input.Span, batch, y);
            if (Bias is not null)
            {
                RowBias.AddToRows(Bias.Value.Span, y);
            }

            return _output;
        }

        if (Bias is not null)
        {
            RowBias.Broadcast(Bias.Value.Span, y);
        }

        Gemm.Multiply(Transpose.No, Transpose.Yes, batch, OutFeatures, InFeatures,
            input.Span, InFeatures, Weight.Value.Span, InFeatures, y, OutFeatures, accumulate: Bias is not null);
        return _output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward called before Forward.");
        int batch = input.Dim(0);
        ReadOnlySpan<float> dy = outputGradient.Span;
        _inputGradient = Tensor.Reuse(_inputGradient, input.ShapeArray());
        if (SparseOperator is { } sparse)
        {
            Span<float> dx = NeedsInputGradient ? _inputGradient.Span : [];
            Span<float> entries = Weight.CompactGradient;
            if (entries.IsEmpty)
            {
                sparse.Backward(dy, Weight.Grad.Span, dx);
            }
            else
            {
                sparse.BackwardToEntries(dy, entries, dx);
            }
        }
        else
        {
            // dW += dYᵀ·X
            Gemm.Multiply(Transpose.Yes, Transpose.No, OutFeatures, InFeatures, batch,
                dy, OutFeatures, input.Span, InFeatures, Weight.Grad.Span, InFeatures, accumulate: true);
        }

        if (Bias is not null)
        {
            RowBias.AccumulateColumnSums(dy, Bias.Grad.Span);
        }

        if (NeedsInputGradient && SparseOperator is null)
        {
            // dX = dY·W
            Gemm.Multiply(Transpose.No, Transpose.No, batch, InFeatures, OutFeatures,
                dy, OutFeatures, Weight.Value.Span, InFeatures, _inputGradient.Span, InFeatures);
        }

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
}
