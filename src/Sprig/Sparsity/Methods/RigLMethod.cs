using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Rigged Lottery (Evci et al., ICML 2020; <c>google-research/rigl</c> <c>sparse_optimizers_base.py</c>). Masks
/// start random with ERK densities. On every step t with t mod ΔT = 0 and 0 &lt; t &lt; T_end, each layer separately
/// keeps its n − k largest |W| (plus N(0, 1e-5²) noise to break ties), k = ⌊f(t)·n⌋ with
/// f(t) = (α/2)(1 + cos(πt/T_end)), and activates the k positions outside the kept set with the largest |G| of the
/// dense gradient of this batch (a just-dropped weight may come straight back, keeping its value). New weights and
/// their optimizer state start at zero, nnz is unchanged, and the optimizer step of an update step is skipped, as
/// in the TensorFlow implementation.
/// </summary>
public sealed class RigLMethod : DynamicSparseMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity.</param>
    /// <param name="budget">The layer budget (ERK by default).</param>
    /// <param name="settings">α in <see cref="DstSettings.DropFraction"/>, ΔT, T_end and the growth criterion.</param>
    public RigLMethod(double sparsity, LayerBudget budget, DstSettings settings)
        : base(sparsity, budget, settings)
    {
    }

    /// <inheritdoc />
    public override string Name => "rigl";

    /// <summary>The drop fraction f at step <paramref name="step"/> (0 from T_end on).</summary>
    public double DropFractionAt(long step) => CosineDropFractionAt(step);

    /// <inheritdoc />
    protected override void CreateMasks() => DrawRandomMasks(Budget, TargetSparsity);

    /// <inheritdoc />
    protected override bool BeforeStep(long step, bool isUpdateStep)
    {
        if (!isUpdateStep)
        {
            return true;
        }

        double fraction = DropFractionAt(step);
        BeginUpdate();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                int active = Layers[l].ActiveCount();
                int k = (int)Math.Floor(fraction * active);
                KeepLargestMagnitude(l, active - k, tieNoise: true);
                Grow(l, GrowthScores(l), k);
            }
        }

        EndUpdate(step, fraction);
        return false;
    }
}
