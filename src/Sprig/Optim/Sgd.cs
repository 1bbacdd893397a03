using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        Span<float> g = parameter.Grad.Span;
        if (Momentum != 0f && !Nesterov && parameter.ActiveIndices is { } active)
        {
            ActiveHeavyBallStep(w, g, State(parameter, "momentum"), active, WeightDecay, Momentum, LearningRate);
            return;
        }

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

    /// <summary>
    /// <see cref="SgdUpdate.HeavyBall"/> at the <paramref name="active"/> positions only (a layer on the sparse kernels at 95%
    /// sparsity: a twentieth of the memory traffic); the same arithmetic per element, so the same values.
    /// </summary>
    private static void ActiveHeavyBallStep(Span<float> w, Span<float> g, Span<float> v, int[] active, float weightDecay, float momentum, float learningRate)
    {
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float gRef = ref MemoryMarshal.GetReference(g);
        ref float vRef = ref MemoryMarshal.GetReference(v);
        bool decay = weightDecay != 0f;
        foreach (int i in active)
        {
            float wi = Unsafe.Add(ref wRef, i);
            float gi = decay ? (wi * weightDecay) + Unsafe.Add(ref gRef, i) : Unsafe.Add(ref gRef, i);
            float vi = (Unsafe.Add(ref vRef, i) * momentum) + gi;
            Unsafe.Add(ref vRef, i) = vi;
            Unsafe.Add(ref gRef, i) = vi;
            Unsafe.Add(ref wRef, i) = (vi * -learningRate) + wi;
        }
    }
}
