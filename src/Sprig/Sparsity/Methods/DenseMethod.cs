using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Sparsity.Methods;

/// <summary>The dense baseline: no masks, no changes; it exists so every run goes through the same hooks.</summary>
public sealed class DenseMethod : SparsityMethod
{
    /// <inheritdoc />
    public override string Name => "dense";

    /// <inheritdoc />
    public override double TargetSparsity => 0;

    /// <inheritdoc />
    public override void Attach(Module model, Optimizer optimizer, TrainingSchedule schedule, Rng rng)
    {
    }

    /// <inheritdoc />
    public override void AfterOptimizerStep(long step)
    {
    }
}
