using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Regularizers;
using Sprig.Sparsity.Scores;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Sparse from initialisation: the masks are drawn once at <see cref="Sprig.Sparsity.SparsityMethod.Attach"/> and never change. With a random
/// score this is a static random (uniform/ER/ERK) mask; with SNIP or GraSP scores it is pruning at initialisation.
/// </summary>
public sealed class StaticSparseMethod : MaskedSparsityMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="name">The CLI name (<c>static</c>, <c>snip</c>, <c>grasp</c>).</param>
    /// <param name="sparsity">The global sparsity.</param>
    /// <param name="budget">How the sparsity is spread over layers.</param>
    /// <param name="pattern">The mask structure.</param>
    /// <param name="score">What decides which weights stay.</param>
    /// <param name="regularizer">An optional sparsity-inducing penalty.</param>
    public StaticSparseMethod(string name, double sparsity, LayerBudget budget, MaskPattern pattern, WeightScore score, SparsityRegularizer? regularizer = null)
        : base(sparsity, budget, pattern, score, regularizer)
    {
        Name = name;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override bool MasksFixedAfterAttach => true;

    /// <inheritdoc />
    protected override void OnAttach() => PruneTo(TargetSparsity, 0, keepPruned: false);
}
