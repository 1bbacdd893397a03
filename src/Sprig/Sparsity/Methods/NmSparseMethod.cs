using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity.Masks;
using Sprig.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// N:M sparsity learned from scratch with the sparse-refined straight-through estimator (SR-STE, Zhou et al. 2021).
/// The method keeps a dense copy W of every prunable weight; the forward pass uses W̃ = W ⊙ M with M the N:M mask of
/// |W| (N largest of every M consecutive fan-in weights), the gradient of W̃ is applied to W (straight-through),
/// and the pruned weights decay: W ← W − η·(∇L(W̃) + λ·(1 − M) ⊙ W). The mask is recomputed after every step.
/// <para>
/// Hook order it relies on (the trainer's usual order): forward and backward see <see cref="Parameter.Value"/> = W̃;
/// <see cref="BeforeOptimizerStep"/> adds the decay term to the gradient and writes W into
/// <see cref="Parameter.Value"/>; the optimizer updates W (its state stays dense); <see cref="AfterOptimizerStep"/>
/// stores W back into the dense copy, recomputes M and writes W̃ into <see cref="Parameter.Value"/>. Between steps
/// (evaluation, checkpoints, reports) the model therefore holds the N:M-sparse weights; the dense copies travel in
/// <see cref="SaveTensors"/>.
/// </para>
/// </summary>
public sealed class NmSparseMethod : SparsityMethod
{
    private const string DensePrefix = "nm.dense.";

    private IReadOnlyList<PrunableWeight> _layers = [];
    private float[][] _dense = [];
    private float[][] _scratch = [];

    /// <summary>Creates the method.</summary>
    /// <param name="pattern">An N:M pattern.</param>
    /// <param name="decay">λ, the decay on pruned weights (SR-STE uses 2e-4).</param>
    /// <exception cref="SprigException">The pattern is not N:M or λ is negative.</exception>
    public NmSparseMethod(MaskPattern pattern, float decay = 2e-4f)
    {
        if (pattern.Granularity != Granularity.NM)
        {
            throw new SprigException($"the nm method needs an N:M pattern such as 2:4, got {pattern}");
        }

        if (!(decay >= 0 && float.IsFinite(decay)))
        {
            throw new SprigException($"N:M decay must be a finite number >= 0, got {decay:R}");
        }

        Pattern = pattern;
        Decay = decay;
    }

    /// <inheritdoc />
    public override string Name => "nm";

    /// <inheritdoc />
    public override bool NeedsDenseGradient => true;

    /// <summary>The N:M pattern.</summary>
    public MaskPattern Pattern { get; }

    /// <summary>λ, the decay on pruned weights.</summary>
    public float Decay { get; }

    /// <inheritdoc />
    public override double TargetSparsity => 1.0 - ((double)Pattern.N / Pattern.M);

    /// <inheritdoc />
    public override void Attach(Module model, Optimizer optimizer, TrainingSchedule schedule, Rng rng)
    {
        _layers = PrunableWeight.Of(model);
        _dense = new float[_layers.Count][];
        _scratch = new float[_layers.Count][];
        for (int l = 0; l < _layers.Count; l++)
        {
            _dense[l] = _layers[l].Parameter.Value.Span.ToArray();
            _scratch[l] = new float[_layers[l].Length];
            _layers[l].Parameter.Mask = new float[_layers[l].Length];
            WriteMaskedWeights(l);
        }
    }

    /// <inheritdoc />
    public override bool BeforeOptimizerStep(long step)
    {
        for (int l = 0; l < _layers.Count; l++)
        {
            // g += λ·(1 − M) ⊙ W, computed as λ·(W − M ⊙ W).
            Parameter p = _layers[l].Parameter;
            float[] pruned = _scratch[l];
            TensorPrimitives.Multiply(_dense[l], p.Mask, pruned);
            TensorPrimitives.Subtract(_dense[l], pruned, pruned);
            TensorPrimitives.MultiplyAdd(pruned, Decay, p.Grad.Span, p.Grad.Span);
            _dense[l].CopyTo(p.Value.Span);
        }

        return true;
    }

    /// <inheritdoc />
    public override void AfterOptimizerStep(long step)
    {
        for (int l = 0; l < _layers.Count; l++)
        {
            _layers[l].Parameter.Value.Span.CopyTo(_dense[l]);
            WriteMaskedWeights(l);
        }
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int l = 0; l < _layers.Count; l++)
        {
            tensors[DensePrefix + _layers[l].Name] = new Tensor(_dense[l], _dense[l].Length);
        }

        return tensors;
    }

    /// <inheritdoc />
    /// <exception cref="SprigException">A dense copy is missing or has the wrong length.</exception>
    public override void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        for (int l = 0; l < _layers.Count; l++)
        {
            string key = DensePrefix + _layers[l].Name;
            if (!tensors.TryGetValue(key, out Tensor? values) || values.Length != _dense[l].Length)
            {
                throw new SprigException($"N:M state has no dense copy of '{_layers[l].Name}' of {_dense[l].Length} values (was the checkpoint saved by another method?)");
            }

            values.Span.CopyTo(_dense[l]);
            WriteMaskedWeights(l);
        }
    }

    private void WriteMaskedWeights(int l)
    {
        PrunableWeight layer = _layers[l];
        float[] magnitude = _scratch[l];
        TensorPrimitives.Abs(_dense[l], magnitude);
        MaskBuilder.Build(magnitude, layer.Rows, 0, Pattern, layer.Parameter.Mask!);
        TensorPrimitives.Multiply(_dense[l], layer.Parameter.Mask, layer.Parameter.Value.Span);
    }
}
