using Sprig.Nn;

namespace Sprig.Sparsity.Regularizers;

/// <summary>
/// A penalty that pushes weights towards (structured) zeros. Its (sub)gradient is added to the parameter gradients
/// after the backward pass and before the optimizer step.
/// </summary>
public abstract class SparsityRegularizer
{
    /// <summary>Creates the regularizer with strength λ.</summary>
    /// <exception cref="SprigException">λ is negative or not finite.</exception>
    protected SparsityRegularizer(float strength)
    {
        if (!(strength >= 0 && float.IsFinite(strength)))
        {
            throw new SprigException($"regularizer strength must be a finite number >= 0, got {strength:R}");
        }

        Strength = strength;
    }

    /// <summary>The name as the CLI spells it (<c>l1</c>, <c>group-lasso</c>, <c>bn-l1</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The strength λ.</summary>
    public float Strength { get; }

    /// <summary>Binds the regularizer to a model before training; the default keeps the prunable layers.</summary>
    public virtual void Attach(Module model, IReadOnlyList<PrunableWeight> layers)
    {
        Layers = layers;
    }

    /// <summary>Adds λ·∂R/∂θ into the gradients of the bound parameters.</summary>
    public abstract void AddToGradients();

    /// <summary>The prunable layers bound by <see cref="Attach"/>.</summary>
    protected IReadOnlyList<PrunableWeight> Layers { get; private set; } = [];
}
