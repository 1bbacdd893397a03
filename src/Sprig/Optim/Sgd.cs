using System.Numerics.Tensors;
using Sprig.Kernels.Elementwise;
using Sprig.Nn;

namespace Sprig.Optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's conventions: <c>g ← g + λ·w</c>; <c>v ← μ·v + g</c>;
/// <c>w ← w − η·v</c> (or <c>w ← w − η·(g + μ·v)</c> with Nesterov).
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    public Sgd(IReadOnlyList<Parameter> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate)
    {
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <summary>The L2 weight-decay factor λ (added to the gradient).</summary>
    public float WeightDecay { get; }

    /// <summary>Whether to use Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(Parameter parameter)
    {
        Span<float> w = parameter.Value.Span;
        if (Momentum != 0f && !Nesterov && parameter.ActiveIndices is { } active)
        {
            // A layer on the sparse kernels: only its active weights move (their gradients alone are nonzero).
            Span<float> compact = parameter.CompactGradient;
            if (compact.IsEmpty)
            {
                SgdUpdate.HeavyBallAt(w, parameter.Grad.Span, State(parameter, "momentum"), active, WeightDecay, Momentum, LearningRate);
            }
            else
            {
                SgdUpdate.HeavyBallAtCompact(w, compact, State(parameter, "momentum"), active, WeightDecay, Momentum, LearningRate);
            }

            return;
        }

        Span<float> g = parameter.Grad.Span;

        if (Momentum != 0f && !Nesterov)
        {
            SgdUpdate.HeavyBall(w, g, State(parameter, "momentum"), WeightDecay, Momentum, LearningRate);
            return;
        }

        if (WeightDecay != 0f)
        {
            TensorPrimitives.MultiplyAdd(w, WeightDecay, g, g);
        }

        if (Momentum != 0f)
        {
            // Nesterov (the default momentum has its own one-pass loop). PyTorch starts the buffer at the first
            // gradient; a zero buffer times μ plus g is the same thing.
            float[] v = State(parameter, "momentum");
            TensorPrimitives.MultiplyAdd(v, Momentum, g, v);
            TensorPrimitives.MultiplyAdd(v, Momentum, g, g);
        }

        TensorPrimitives.MultiplyAdd(g, -LearningRate, w, w);
    }
}
