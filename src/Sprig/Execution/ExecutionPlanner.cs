using System.Collections.Concurrent;
using Sprig.Kernels.Sparse;
using Sprig.Nn;

namespace Sprig.Execution;

/// <summary>
/// Chooses, per masked <see cref="Linear"/> layer, between dense GEMMs and the sparse kernels (in the spirit of
/// SparseProp): in <see cref="ExecutionMode.Auto"/> both are timed on the layer's real shape, batch and sparsity and
/// the faster wins; timings are cached per (out, in, batch, sparsity in whole percent) for the process. A layer is
/// re-planned whenever its mask changes, which <see cref="Update"/> detects by comparing with the mask it planned for.
/// Results do not depend on the choice beyond float rounding: both compute the same products of the masked weights;
/// only the weight gradient at pruned positions differs (the sparse path leaves it zero, and masking discards it).
/// </summary>
public sealed class ExecutionPlanner
{
    /// <summary>Below this sparsity a layer stays dense without measuring: the sparse kernels break even near 65–70%.</summary>
    public const double MinimumSparsity = 0.5;

    private const int MeasureRounds = 3;

    private static readonly ConcurrentDictionary<(int Out, int In, int Batch, int Percent), (double Dense, double Sparse)> s_timings = new();

    private readonly ExecutionMode _mode;
    private readonly List<(string Name, Linear Layer)> _layers = [];
    private readonly Dictionary<Linear, float[]> _plannedMasks = [];
    private readonly Dictionary<Linear, LayerPlan> _plans = [];
    private int _batch = -1;

    /// <summary>Plans the linear layers of <paramref name="model"/>.</summary>
    public ExecutionPlanner(Module model, ExecutionMode mode)
    {
        _mode = mode;
        foreach (var (name, module) in model.NamedModules())
        {
            if (module is Linear linear)
            {
                _layers.Add((name, linear));
            }
        }
    }

    /// <summary>The current plan of every masked linear layer.</summary>
    public IReadOnlyCollection<LayerPlan> Plans => _plans.Values;

    /// <summary>Re-plans the layers whose mask changed (or all, when <paramref name="batch"/> changed); cheap otherwise.</summary>
    public void Update(int batch)
    {
        if (_mode == ExecutionMode.Dense)
        {
            return;
        }

        bool batchChanged = batch != _batch;
        _batch = batch;
        foreach (var (name, layer) in _layers)
        {
            float[]? mask = layer.Weight.Mask;
            if (mask is null)
            {
                layer.SparseOperator = null;
                _plannedMasks.Remove(layer);
                _plans.Remove(layer);
                continue;
            }

            if (!batchChanged && _plannedMasks.TryGetValue(layer, out float[]? planned) && planned.AsSpan().SequenceEqual(mask))
            {
                continue;
            }

            _plannedMasks[layer] = (float[])mask.Clone();
            LayerPlan plan = Plan(name, layer, mask, batch);
            _plans[layer] = plan;
            layer.SparseOperator = plan.Sparse ? new SparseLinearOperator(layer.OutFeatures, layer.InFeatures, mask) : null;
        }
    }

    /// <summary>Detaches every sparse operator (the layers run dense again).</summary>
    public void Clear()
    {
        foreach (var (_, layer) in _layers)
        {
            layer.SparseOperator = null;
        }

        _plannedMasks.Clear();
        _plans.Clear();
    }

    private LayerPlan Plan(string name, Linear layer, float[] mask, int batch)
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

        var key = (layer.OutFeatures, layer.InFeatures, batch, (int)Math.Round(sparsity * 100));
        (double dense, double sparse) = s_timings.GetOrAdd(key, k => Measure(k.Out, k.In, k.Batch, k.Percent / 100.0));
        return new LayerPlan(name, sparsity, sparse < dense, dense, sparse);
    }

    private static (double Dense, double Sparse) Measure(int outFeatures, int inFeatures, int batch, double sparsity)
    {
        var bench = new SparseLinearBenchmark(outFeatures, inFeatures, batch, sparsity);
        double dense = 0, sparse = 0;
        foreach (SparseLinearPass pass in Enum.GetValues<SparseLinearPass>())
        {
            (double d, double s) = bench.Measure(pass, MeasureRounds);
            dense += d;
            sparse += s;
        }

        return (dense, sparse);
    }
}
