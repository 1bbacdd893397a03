using System.Runtime.InteropServices;
using Sprig.Kernels.Sparse;
using Sprig.Nn;

namespace Sprig.Execution;

/// <summary>
/// Chooses, per masked <see cref="Linear"/> or <see cref="Conv2d"/> layer, between dense GEMMs and the sparse kernels (in
/// the spirit of SparseProp): in <see cref="ExecutionMode.Auto"/> the faster by <see cref="ExecutionCostModel"/> on the
/// layer's real shape, batch and number of nonzeros (a convolution as its im2col product [out, in·k·k] ×
/// [in·k·k, positions of a chunk]). A layer is re-planned whenever its mask changes, which <see cref="Update"/>
/// detects by comparing with the mask it planned for, so dynamic methods are re-planned at every mask update.
/// The plan depends only on the masks and the batch size, never on timings, so a seed gives the same run every time
/// and a resumed run re-makes the same choices (resume stays bit-exact). Results do not depend on the choice beyond
/// float rounding: both compute the same products of the masked weights; only the weight gradient at pruned positions
/// differs (the sparse path leaves it zero, and masking discards it).
/// </summary>
public sealed class ExecutionPlanner
{
    /// <summary>
    /// Below this sparsity a layer stays dense without consulting the cost model, which breaks even near 66% (AVX2
    /// rates) or 68% (AVX-512 rates).
    /// </summary>
    public const double MinimumSparsity = 0.5;

    private readonly ExecutionMode _mode;
    private readonly List<(string Name, Module Layer)> _layers = [];
    private readonly Dictionary<Module, float[]> _plannedMasks = [];
    private readonly Dictionary<Module, LayerPlan> _plans = [];
    private int _batch = -1;

    /// <summary>Plans the linear layers of <paramref name="model"/>.</summary>
    public ExecutionPlanner(Module model, ExecutionMode mode)
    {
        _mode = mode;
        foreach (var (name, module) in model.NamedModules())
        {
            if (module is Linear or Conv2d)
            {
                _layers.Add((name, module));
            }
        }
    }

    /// <summary>The current plan of every masked linear and convolution layer.</summary>
    public IReadOnlyCollection<LayerPlan> Plans => _plans.Values;

    /// <summary>Re-plans the layers whose mask changed (or all, when <paramref name="batch"/> changed).</summary>
    /// <param name="batch">The training batch size (convolutions are costed at their chunk of image columns).</param>
    /// <param name="masksMayHaveChanged">
    /// False when the caller knows the masks are the ones of the last call (a one-shot method): skips comparing them,
    /// which reads every mask (≈ 0.35 ms per step for the 2.8 M weights of <c>set-mlp</c>).
    /// </param>
    /// <param name="dense">
    /// Run every layer dense for now, whatever the mode: the next backward pass must produce the gradient at pruned
    /// positions too (a gradient-growth method's update step). The next call without it plans every layer afresh.
    /// </param>
    public void Update(int batch, bool masksMayHaveChanged = true, bool dense = false)
    {
        if (dense)
        {
            if (_plans.Count > 0)
            {
                Clear();
            }

            return;
        }

        if (_mode == ExecutionMode.Dense || (!masksMayHaveChanged && batch == _batch))
        {
            return;
        }

        bool batchChanged = batch != _batch;
        _batch = batch;
        foreach (var (name, layer) in _layers)
        {
            float[]? mask = Weight(layer).Mask;
            if (mask is null)
            {
                Attach(layer, null);
                _plannedMasks.Remove(layer);
                _plans.Remove(layer);
                continue;
            }

            if (!batchChanged && _plannedMasks.TryGetValue(layer, out float[]? planned) && SameBits(planned, mask))
            {
                continue;
            }

            _plannedMasks[layer] = (float[])mask.Clone();
            LayerPlan plan = Plan(name, layer, mask, batch);
            _plans[layer] = plan;
            Attach(layer, plan.Sparse ? mask : null);
        }
    }

    /// <summary>Detaches every sparse operator (the layers run dense again).</summary>
    public void Clear()
    {
        foreach (var (_, layer) in _layers)
        {
            Attach(layer, null);
        }

        _plannedMasks.Clear();
        _plans.Clear();
        _batch = -1;
    }

    // Compared as bits, which the runtime vectorizes (float equality goes element by element: 325 against 121 µs for
    // a million entries). A mask entry of −0 would only cost a re-plan.
    private static bool SameBits(float[] a, float[] b) =>
        MemoryMarshal.Cast<float, int>(a.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(b.AsSpan()));

    private static Parameter Weight(Module layer) => layer is Linear linear ? linear.Weight : ((Conv2d)layer).Weight;

    /// <summary>The weight as a matrix [rows, columns] and the batch its products run at.</summary>
    private static (int Rows, int Columns, int Batch) ProductShape(Module layer, int batch)
    {
        if (layer is Linear linear)
        {
            return (linear.OutFeatures, linear.InFeatures, batch);
        }

        var conv = (Conv2d)layer;
        int patch = conv.InChannels * conv.KernelSize * conv.KernelSize;
        return (conv.OutChannels, patch, Conv2d.ChunkColumns);
    }

    /// <summary>
    /// Runs <paramref name="layer"/> sparse at the nonzeros of <paramref name="mask"/>, or dense when it is null; a sparse
    /// layer's weight also gets the positions of those nonzeros, so the optimizer updates only there.
    /// </summary>
    private static void Attach(Module layer, float[]? mask)
    {
        bool attached = layer is Linear l ? l.SparseOperator is not null : ((Conv2d)layer).SparseWeights is not null;
        if (mask is null && !attached && Weight(layer).ActiveIndices is null)
        {
            // Already dense: leave its gradient alone.
            return;
        }

        (int rows, int columns, _) = ProductShape(layer, 1);
        if (layer is Linear linear)
        {
            linear.SparseOperator = mask is null ? null : new SparseLinearOperator(rows, columns, mask);
        }
        else
        {
            ((Conv2d)layer).SparseWeights = mask is null ? null : new SparseWeights(rows, columns, mask);
        }

        // From here on only the active positions are cleared between steps (Parameter.ClearGrad). The sparse weights
        // store their entries in the mask's row-major order, the order of the active positions, so the layer's
        // weight-gradient kernel can write the compact gradient.
        Weight(layer).SetActiveIndices(mask is null ? null : NonzeroPositions(mask), compactGradient: true);
    }

    private static int[] NonzeroPositions(float[] mask)
    {
        int count = 0;
        foreach (float m in mask)
        {
            count += m != 0f ? 1 : 0;
        }

        int[] positions = new int[count];
        int k = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0f)
            {
                positions[k++] = i;
            }
        }

        return positions;
    }

    private LayerPlan Plan(string name, Module layer, float[] mask, int batch)
    {
        int kept = 0;
        foreach (float m in mask)
        {
            kept += m != 0f ? 1 : 0;
        }

        double sparsity = mask.Length == 0 ? 0 : 1 - ((double)kept / mask.Length);
        if (_mode == ExecutionMode.Sparse)
        {
            return new LayerPlan(name, sparsity, true, 0, 0);
        }

        if (sparsity < MinimumSparsity)
        {
            return new LayerPlan(name, sparsity, false, 0, 0);
        }

        (int rows, int columns, int productBatch) = ProductShape(layer, batch);
        double dense = ExecutionCostModel.DenseSeconds(rows, columns, productBatch);
        double sparse = ExecutionCostModel.SparseSeconds(rows, columns, productBatch, kept);
        return new LayerPlan(name, sparsity, sparse < dense, dense, sparse);
    }
}
