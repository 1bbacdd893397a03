using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Sparsity;

/// <summary>
/// A sparsification recipe (static, GMP, SET, RigL, Chase, …) as the trainer sees it. The trainer calls the hooks
/// in this order for every step: forward, backward, <see cref="BeforeOptimizerStep"/>, optimizer step,
/// <see cref="AfterOptimizerStep"/>; and <see cref="OnEpochEnd"/> after each epoch. A method sees the model's
/// prunable parameters, their gradients and the optimizer state; it never reaches into a layer's internals.
/// </summary>
public abstract class SparsityMethod
{
    /// <summary>The method's name as the CLI spells it (<c>gmp</c>, <c>rigl</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>The target global sparsity (fraction of prunable weights that are zero at the end).</summary>
    public abstract double TargetSparsity { get; }

    /// <summary>
    /// Whether the method computes data-dependent scores (SNIP, GraSP, Taylor, OBD) and so needs
    /// <see cref="GradientSource"/> to be set before <see cref="Attach"/>.
    /// </summary>
    public virtual bool NeedsGradientSource => false;

    /// <summary>
    /// Whether the method reads the weight gradient at pruned positions (gradient-based growth, SR-STE), which only
    /// dense execution computes: the sparse kernels compute it at the mask's nonzeros only.
    /// </summary>
    public virtual bool NeedsDenseGradient => NeedsGradientSource;

    /// <summary>
    /// Whether the backward pass of step <paramref name="step"/> must produce the gradient at pruned positions too,
    /// which only dense execution computes. By default every step when <see cref="NeedsDenseGradient"/>; methods that
    /// read it only on their mask-update steps say so per step, and their other steps may run on the sparse kernels.
    /// </summary>
    public virtual bool NeedsDenseGradientAt(long step) => NeedsDenseGradient;

    /// <summary>Whether the masks never change after <see cref="Attach"/> (one-shot methods), so nothing needs to watch them.</summary>
    public virtual bool MasksFixedAfterAttach => false;

    /// <summary>The trainer's way to compute gradients on a fixed score set; set before <see cref="Attach"/>.</summary>
    public IGradientSource? GradientSource { get; set; }

    /// <summary>Called once before training: creates the initial masks and applies them.</summary>
    public abstract void Attach(Module model, Optimizer optimizer, TrainingSchedule schedule, Rng rng);

    /// <summary>
    /// Called after the backward pass of step <paramref name="step"/> (0-based), when gradients are dense and fresh.
    /// Returns false to skip the optimizer step (RigL skips it on mask-update steps).
    /// </summary>
    public virtual bool BeforeOptimizerStep(long step) => true;

    /// <summary>Called after the optimizer step: re-applies masks (and masks optimizer state); updates masks on schedule.</summary>
    public abstract void AfterOptimizerStep(long step);

    /// <summary>Called after each epoch (1-based) for epoch-granular methods such as SET.</summary>
    public virtual void OnEpochEnd(int epoch)
    {
    }

    /// <summary>Called after each epoch's validation pass (only when the run holds out validation data).</summary>
    public virtual void OnValidated(int epoch, double accuracy)
    {
    }

    /// <summary>Called once after the last epoch: a method may put back the state it wants to end with.</summary>
    public virtual void OnTrainingEnd()
    {
    }

    /// <summary>Whether the trainer should physically remove dead channels at the end of the run (Chase).</summary>
    public virtual bool ShrinksAtEnd => false;

    /// <summary>Per-update statistics (dropped/grown per layer, …) to write into the metrics log, then cleared.</summary>
    public virtual IReadOnlyDictionary<string, object> DrainEvents() => new Dictionary<string, object>();

    /// <summary>
    /// Small method state beyond masks and weights that a checkpoint must keep (counters, budgets, …); it goes into
    /// the checkpoint's JSON metadata. Anything the size of a layer belongs in <see cref="SaveTensors"/>.
    /// </summary>
    public virtual IReadOnlyDictionary<string, double[]> SaveState() => new Dictionary<string, double[]>();

    /// <summary>Restores what <see cref="SaveState"/> returned (after <see cref="LoadTensors"/>).</summary>
    public virtual void LoadState(IReadOnlyDictionary<string, double[]> state)
    {
    }

    /// <summary>
    /// Method state the size of a layer (a dense gradient momentum, a snapshot of the weights) that a checkpoint
    /// stores as binary float32 tensors, by name.
    /// </summary>
    public virtual IReadOnlyDictionary<string, Tensor> SaveTensors() => new Dictionary<string, Tensor>();

    /// <summary>Restores what <see cref="SaveTensors"/> returned (before <see cref="LoadState"/>).</summary>
    public virtual void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
    }
}
