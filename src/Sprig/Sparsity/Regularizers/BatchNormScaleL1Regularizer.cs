using Sprig.Nn;

namespace Sprig.Sparsity.Regularizers;

/// <summary>
/// Network slimming's λ·Σ|γ| over batch-norm scales; adds λ·sign(γ) to their gradients. The scales are given, or
/// found at <see cref="Attach"/> as the non-prunable parameters whose local name is <c>weight</c> (a batch-norm γ;
/// conv and linear weights are prunable and biases are called <c>bias</c>).
/// </summary>
public sealed class BatchNormScaleL1Regularizer : SparsityRegularizer
{
    private IReadOnlyList<Parameter> _scales;

    /// <summary>Creates the regularizer over <paramref name="scales"/>, or over the model's scales when null.</summary>
    public BatchNormScaleL1Regularizer(float strength, IReadOnlyList<Parameter>? scales = null)
        : base(strength)
    {
        _scales = scales ?? [];
    }

    /// <inheritdoc />
    public override string Name => "bn-l1";

    /// <inheritdoc />
    /// <exception cref="SprigException">No scales were given and the model has none.</exception>
    public override void Attach(Module model, IReadOnlyList<PrunableWeight> layers)
    {
        base.Attach(model, layers);
        if (_scales.Count > 0)
        {
            return;
        }

        var found = new List<Parameter>();
        foreach (var (name, p) in model.NamedParameters())
        {
            if (!p.Prunable && (name == "weight" || name.EndsWith(".weight", StringComparison.Ordinal)))
            {
                found.Add(p);
            }
        }

        if (found.Count == 0)
        {
            throw new SprigException("the bn-l1 regularizer needs batch-norm layers, and the model has none");
        }

        _scales = found;
    }

    /// <inheritdoc />
    public override void AddToGradients()
    {
        foreach (Parameter gamma in _scales)
        {
            L1Regularizer.AddSign(gamma.Value.Span, gamma.Grad.Span, Strength);
        }
    }
}
