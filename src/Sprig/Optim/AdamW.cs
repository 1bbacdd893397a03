using Sprig.Kernels.Elementwise;
using Sprig.Nn;

namespace Sprig.Optim;

/// <summary>
/// Adam with decoupled weight decay, as PyTorch's <c>AdamW</c>: <c>w ← w·(1 − η·λ)</c>;
/// <c>m ← β₁·m + (1 − β₁)·g</c>; <c>v ← β₂·v + (1 − β₂)·g²</c>;
/// <c>w ← w − η/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε)</c>. State buffers are named <c>exp_avg</c> and <c>exp_avg_sq</c>;
/// t is <see cref="Optimizer.StepCount"/>, so every parameter is assumed to be updated on every step.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    public AdamW(IReadOnlyList<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 1e-2f)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0f or >= 1f || beta2 is < 0f or >= 1f || epsilon < 0f || weightDecay < 0f)
        {
            throw new SprigException($"AdamW needs betas in [0, 1) and non-negative epsilon and weight decay, got betas=({beta1}, {beta2}), eps={epsilon}, wd={weightDecay}");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>The decay rate β₁ of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>The decay rate β₂ of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public float Epsilon { get; }

    /// <summary>The decoupled weight-decay factor λ (multiplied by the learning rate).</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    protected override void Update(Parameter parameter)
    {
        double correction1 = 1.0 - Math.Pow(Beta1, StepCount);
        double correction2 = 1.0 - Math.Pow(Beta2, StepCount);
        var coefficients = new AdamWCoefficients(
            Decay: WeightDecay != 0f ? 1f - (LearningRate * WeightDecay) : 1f,
            Beta1,
            Beta2,
            Epsilon,
            RootCorrection2: (float)(1.0 / Math.Sqrt(correction2)),
            StepScale: (float)(-LearningRate / correction1));
        AdamWUpdate.Step(parameter.Value.Span, parameter.Grad.Span, State(parameter, "exp_avg"), State(parameter, "exp_avg_sq"), coefficients);
    }
}
