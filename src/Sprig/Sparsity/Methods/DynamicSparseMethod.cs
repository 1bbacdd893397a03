using Sprig.Optim;
using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// The shared machinery of dynamic sparse training (SET, RigL, SNFS, GraNet, MEST, SRigL): the network stays sparse
/// while connections are dropped and regrown. It provides the update clock, the dense gradient of update steps
/// (read before the optimizer step, because SGD adds weight decay and momentum into the gradient in place), an
/// optional dense momentum of gradients for momentum growth, per-layer drop and grow primitives that zero regrown
/// weights and their optimizer state, the in-time over-parameterization tracker and the per-update metrics.
/// <para>
/// Layers that start fully dense (kept dense by the budget, or an Erdős–Rényi density capped at 1) are not
/// "managed": no update touches them.
/// </para>
/// </summary>
public abstract class DynamicSparseMethod : MaskedSparsityMethod
{
    private const string SeenPrefix = "dst.seen.";
    private const string MomentumPrefix = "dst.momentum.";
    private const string ManagedKey = "dst.managed";
    private const string PendingKey = "dst.pending";
    private const double TieNoiseStd = 1e-5;

    private readonly List<DstUpdate> _updates = [];
    private ConnectionHistory? _history;
    private bool[] _managed = [];
    private float[][] _gradient = [];
    private float[][] _momentum = [];
    private float[][] _scores = [];
    private float[][] _selection = [];
    private float[][] _before = [];
    private int[] _dropped = [];
    private int[] _grown = [];
    private float _momentumFactor;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity of the initial masks.</param>
    /// <param name="budget">How the sparsity is spread over layers.</param>
    /// <param name="settings">The update knobs.</param>
    protected DynamicSparseMethod(double sparsity, LayerBudget budget, DstSettings settings)
        : base(sparsity, budget, MaskPattern.Element, new MagnitudeScore(), regularizer: null)
    {
        if (settings.UpdateEvery < 1)
        {
            throw new SprigException($"--update-every must be at least 1 step, got {settings.UpdateEvery}");
        }

        if (!(settings.DropFraction is >= 0 and <= 1) || !(settings.UpdateEnd is >= 0 and <= 1))
        {
            throw new SprigException($"--drop-fraction and --update-end must be in [0, 1], got {settings.DropFraction:R} and {settings.UpdateEnd:R}");
        }

        if (!(settings.RegrowStd >= 0 && float.IsFinite(settings.RegrowStd)))
        {
            throw new SprigException($"the regrow standard deviation must be a finite number >= 0, got {settings.RegrowStd:R}");
        }

        Settings = settings;
    }

    /// <summary>The update knobs.</summary>
    public DstSettings Settings { get; }

    /// <inheritdoc />
    public override bool NeedsDenseGradient => base.NeedsDenseGradient || Settings.Growth != GrowthMode.Random;

    /// <inheritdoc />
    /// <remarks>
    /// Gradient growth reads the dense gradient only on update steps (RigL computes it only there); momentum growth
    /// folds it into its momentum on every step.
    /// </remarks>
    public override bool NeedsDenseGradientAt(long step) =>
        base.NeedsDenseGradient || Settings.Growth == GrowthMode.Momentum || (Settings.Growth == GrowthMode.Gradient && IsUpdateStep(step));

    /// <summary>The fraction of all prunable weights that have been active at some point (ITOP rate).</summary>
    public double InTimeOverParameterization => _history?.Rate ?? 0;

    /// <summary>T_end: the first step at which no more step-based updates happen.</summary>
    protected long UpdateEndStep => Settings.UpdateEndStep(Schedule);

    /// <summary>
    /// RigL's drop fraction at step <paramref name="step"/>: <see cref="DstSettings.DropFraction"/> decayed by a
    /// cosine to 0 at T_end (see <see cref="CosineDecay"/>).
    /// </summary>
    protected double CosineDropFractionAt(long step) => new CosineDecay(Settings.DropFraction, 0, Math.Max(1, UpdateEndStep)).At(step);

    /// <summary>Whether layer <paramref name="layer"/> takes part in mask updates.</summary>
    public bool IsManaged(int layer) => _managed[layer];

    /// <inheritdoc />
    public sealed override bool BeforeOptimizerStep(long step)
    {
        if (_momentum.Length > 0)
        {
            AccumulateMomentum();
        }

        bool update = IsUpdateStep(step);
        if (update)
        {
            for (int l = 0; l < Layers.Count; l++)
            {
                if (_managed[l])
                {
                    TensorPrimitives.Abs(Layers[l].Parameter.Grad.Span, _gradient[l]);
                }
            }
        }

        return BeforeStep(step, update);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object> DrainEvents()
    {
        var events = new Dictionary<string, object>(base.DrainEvents(), StringComparer.Ordinal);
        if (_updates.Count > 0)
        {
            events["dst_layers"] = Layers.Select(layer => layer.Name).ToArray();
            events["dst_updates"] = _updates.ToArray();
            _updates.Clear();
        }

        events["itop_rate"] = InTimeOverParameterization;
        return events;
    }

    /// <inheritdoc />
    protected sealed override void SaveMethodState(Dictionary<string, double[]> state)
    {
        state[ManagedKey] = Array.ConvertAll(_managed, m => m ? 1.0 : 0.0);
        for (int l = 0; l < Layers.Count; l++)
        {
            state[SeenPrefix + Layers[l].Name] = _history!.Save(l);
        }

        state[PendingKey] = PackPending();
        SaveMore(state);
    }

    /// <inheritdoc />
    /// <exception cref="SprigException">The state was saved by another method or model.</exception>
    protected sealed override void LoadMethodState(IReadOnlyDictionary<string, double[]> state)
    {
        if (!state.TryGetValue(ManagedKey, out double[]? managed) || managed.Length != Layers.Count)
        {
            throw StateMismatch("its managed layers");
        }

        for (int l = 0; l < Layers.Count; l++)
        {
            _managed[l] = managed[l] != 0;
            if (!state.TryGetValue(SeenPrefix + Layers[l].Name, out double[]? seen) || !_history!.Load(l, seen))
            {
                throw StateMismatch($"the connection history of '{Layers[l].Name}'");
            }
        }

        _history!.Observe(Layers);
        UnpackPending(state.TryGetValue(PendingKey, out double[]? pending) ? pending : []);
        LoadMore(state);
    }

    /// <inheritdoc />
    /// <remarks>The dense gradient momentum of momentum growth, one tensor per layer.</remarks>
    public override IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int l = 0; l < _momentum.Length; l++)
        {
            tensors[MomentumPrefix + Layers[l].Name] = new Tensor(_momentum[l], _momentum[l].Length);
        }

        return tensors;
    }

    /// <inheritdoc />
    /// <exception cref="SprigException">The momentum of a layer is missing or does not fit it.</exception>
    public override void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        for (int l = 0; l < _momentum.Length; l++)
        {
            if (!tensors.TryGetValue(MomentumPrefix + Layers[l].Name, out Tensor? momentum) || momentum.Length != Layers[l].Length)
            {
                throw StateMismatch($"the gradient momentum of '{Layers[l].Name}'");
            }

            momentum.Span.CopyTo(_momentum[l]);
        }
    }

    /// <summary>Creates the initial masks; the base then records which layers are managed.</summary>
    protected abstract void CreateMasks();

    /// <summary>
    /// Runs after the backward pass of step <paramref name="step"/> (the dense gradient of update steps is already
    /// captured). Returns false to skip the optimizer step, as RigL does on mask-update steps.
    /// </summary>
    protected virtual bool BeforeStep(long step, bool isUpdateStep) => true;

    /// <summary>Whether step <paramref name="step"/> (0-based) updates masks: every ΔT steps after the first, before T_end.</summary>
    protected virtual bool IsUpdateStep(long step) => step > 0 && step % Settings.UpdateEvery == 0 && step < UpdateEndStep;

    /// <summary>Whether layer <paramref name="layer"/> takes part in updates: by default, whether its initial mask is sparse.</summary>
    protected virtual bool IsSparseLayer(int layer) => Layers[layer].ActiveCount() < Layers[layer].Length;

    /// <summary>Adds method-specific entries to the checkpoint state.</summary>
    protected virtual void SaveMore(Dictionary<string, double[]> state)
    {
    }

    /// <summary>Restores what <see cref="SaveMore"/> added.</summary>
    protected virtual void LoadMore(IReadOnlyDictionary<string, double[]> state)
    {
    }

    /// <inheritdoc />
    protected sealed override void OnAttach()
    {
        CreateMasks();
        int count = Layers.Count;
        _managed = new bool[count];
        _gradient = new float[count][];
        _scores = new float[count][];
        _selection = new float[count][];
        _before = new float[count][];
        _dropped = new int[count];
        _grown = new int[count];
        for (int l = 0; l < count; l++)
        {
            _managed[l] = IsSparseLayer(l);
            int length = _managed[l] ? Layers[l].Length : 0;
            _gradient[l] = new float[length];
            _scores[l] = new float[length];
            _selection[l] = new float[length];
            _before[l] = new float[length];
        }

        if (Settings.Growth == GrowthMode.Momentum)
        {
            _momentumFactor = Optimizer is Sgd { Momentum: > 0f } sgd ? sgd.Momentum : 0.9f;
            _momentum = new float[count][];
            for (int l = 0; l < count; l++)
            {
                _momentum[l] = new float[Layers[l].Length];
            }
        }

        _history = new ConnectionHistory(Layers);
        _history.Observe(Layers);
    }

    /// <summary>Draws random masks with the keep counts of <paramref name="budget"/> at <paramref name="sparsity"/>.</summary>
    protected void DrawRandomMasks(LayerBudget budget, double sparsity)
    {
        int[] keep = budget.KeepCounts(Layers, null, sparsity);
        for (int l = 0; l < Layers.Count; l++)
        {
            float[] scores = new float[Layers[l].Length];
            FillRandom(scores);
            TopK.KeepLargest(scores, keep[l], Layers[l].Parameter.Mask!);
        }
    }

    /// <summary>Fills <paramref name="values"/> with uniform random numbers from the method's stream.</summary>
    protected void FillRandom(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Rng.NextFloat();
        }
    }

    /// <summary>Starts a mask update: remembers the current masks so regrown weights can be told apart.</summary>
    protected void BeginUpdate()
    {
        for (int l = 0; l < Layers.Count; l++)
        {
            if (_managed[l])
            {
                Layers[l].Parameter.Mask.AsSpan().CopyTo(_before[l]);
            }
        }

        Array.Clear(_dropped);
        Array.Clear(_grown);
    }

    /// <summary>Finishes a mask update: applies the masks, updates the ITOP rate and logs the counts.</summary>
    protected void EndUpdate(long step, double fraction)
    {
        ApplyMasks();
        _history!.Observe(Layers);
        _updates.Add(new DstUpdate(step, fraction, (int[])_dropped.Clone(), (int[])_grown.Clone(), _history.Rate));
    }

    /// <summary>
    /// Keeps the <paramref name="keep"/> active weights of layer <paramref name="layer"/> with the largest |W| and
    /// drops the rest; with <paramref name="tieNoise"/> a N(0, 1e-5²) jitter breaks ties as RigL does.
    /// </summary>
    protected void KeepLargestMagnitude(int layer, int keep, bool tieNoise)
    {
        float[] mask = Layers[layer].Parameter.Mask!;
        Span<float> w = Layers[layer].Parameter.Value.Span;
        float[] scores = _scores[layer];
        int before = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool active = mask[i] != 0f;
            before += active ? 1 : 0;
            scores[i] = active ? MathF.Abs(w[i]) + (tieNoise ? (float)(TieNoiseStd * Rng.NextGaussian()) : 0f) : float.NegativeInfinity;
        }

        keep = Math.Clamp(keep, 0, before);
        TopK.KeepLargest(scores, keep, mask);
        _dropped[layer] += before - keep;
    }

    /// <summary>Drops the active weights of layer <paramref name="layer"/> where <paramref name="drop"/> is set.</summary>
    protected void DropWhere(int layer, ReadOnlySpan<float> drop)
    {
        float[] mask = Layers[layer].Parameter.Mask!;
        for (int i = 0; i < mask.Length; i++)
        {
            if (drop[i] != 0f && mask[i] != 0f)
            {
                mask[i] = 0f;
                _dropped[layer]++;
            }
        }
    }

    /// <summary>
    /// Scores for regrowing layer <paramref name="layer"/> by <see cref="DstSettings.Growth"/>: random, the captured
    /// |G| of this update step, or |momentum| of the dense gradients. Valid until the next call for the layer.
    /// </summary>
    protected float[] GrowthScores(int layer)
    {
        float[] scores = _scores[layer];
        switch (Settings.Growth)
        {
            case GrowthMode.Random:
                FillRandom(scores);
                break;
            case GrowthMode.Gradient:
                _gradient[layer].CopyTo(scores, 0);
                break;
            default:
                TensorPrimitives.Abs(_momentum[layer], scores);
                break;
        }

        return scores;
    }

    /// <summary>|G| of the dense gradient captured on this update step.</summary>
    protected ReadOnlySpan<float> GradientMagnitude(int layer) => _gradient[layer];

    /// <summary>The dense gradient momentum (empty unless growth is by momentum).</summary>
    protected ReadOnlySpan<float> GradientMomentum(int layer) => _momentum.Length > 0 ? _momentum[layer] : [];

    /// <summary>
    /// Activates the <paramref name="count"/> inactive positions of <paramref name="layer"/> (restricted to
    /// <paramref name="allowed"/> when given) with the largest <paramref name="scores"/>, which it overwrites.
    /// A position inactive before <see cref="BeginUpdate"/> starts at the regrow value (0 by default) with zeroed
    /// optimizer state; with <paramref name="reinitialiseAll"/> so does a weight dropped and regrown in this update.
    /// </summary>
    protected int Grow(int layer, Span<float> scores, int count, bool reinitialiseAll = false, ReadOnlySpan<float> allowed = default)
    {
        float[] mask = Layers[layer].Parameter.Mask!;
        int free = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool candidate = mask[i] == 0f && (allowed.IsEmpty || allowed[i] != 0f);
            free += candidate ? 1 : 0;
            if (!candidate)
            {
                scores[i] = float.NegativeInfinity;
            }
        }

        count = Math.Clamp(count, 0, free);
        float[] chosen = _selection[layer];
        TopK.KeepLargest(scores, count, chosen);
        Activate(layer, chosen, reinitialiseAll);
        return count;
    }

    /// <summary>Activates the positions of <paramref name="chosen"/> (all inactive) in layer <paramref name="layer"/>.</summary>
    protected void Activate(int layer, ReadOnlySpan<float> chosen, bool reinitialiseAll = false)
    {
        var p = Layers[layer].Parameter;
        float[] mask = p.Mask!;
        Span<float> w = p.Value.Span;
        float[] before = _before[layer];
        for (int i = 0; i < mask.Length; i++)
        {
            if (chosen[i] == 0f || mask[i] != 0f)
            {
                continue;
            }

            mask[i] = 1f;
            _grown[layer]++;
            if (reinitialiseAll || before[i] == 0f)
            {
                w[i] = Settings.RegrowStd == 0f ? 0f : Settings.RegrowStd * Rng.NextGaussian();
                Optimizer.ResetStateAt(p, i);
            }
        }
    }

    /// <summary>A scratch buffer the size of layer <paramref name="layer"/> (shared with <see cref="GrowthScores"/>).</summary>
    protected float[] Scratch(int layer) => _scores[layer];

    /// <summary>A second scratch buffer the size of layer <paramref name="layer"/> (used by <see cref="Grow"/>).</summary>
    protected float[] Selection(int layer) => _selection[layer];

    /// <summary>The updates not yet drained (a mid-epoch checkpoint must keep them for the epoch's metrics): step, fraction, ITOP, dropped, grown.</summary>
    private double[] PackPending()
    {
        int record = 3 + (2 * Layers.Count);
        double[] packed = new double[_updates.Count * record];
        for (int u = 0; u < _updates.Count; u++)
        {
            DstUpdate update = _updates[u];
            int at = u * record;
            packed[at] = update.Step;
            packed[at + 1] = update.Fraction;
            packed[at + 2] = update.InTimeOverParameterization;
            for (int l = 0; l < Layers.Count; l++)
            {
                packed[at + 3 + l] = update.Dropped[l];
                packed[at + 3 + Layers.Count + l] = update.Grown[l];
            }
        }

        return packed;
    }

    private void UnpackPending(double[] packed)
    {
        int record = 3 + (2 * Layers.Count);
        if (packed.Length % record != 0)
        {
            throw StateMismatch("its pending updates");
        }

        _updates.Clear();
        for (int at = 0; at < packed.Length; at += record)
        {
            int[] dropped = new int[Layers.Count];
            int[] grown = new int[Layers.Count];
            for (int l = 0; l < Layers.Count; l++)
            {
                dropped[l] = (int)packed[at + 3 + l];
                grown[l] = (int)packed[at + 3 + Layers.Count + l];
            }

            _updates.Add(new DstUpdate((long)packed[at], packed[at + 1], dropped, grown, packed[at + 2]));
        }
    }

    private void AccumulateMomentum()
    {
        for (int l = 0; l < Layers.Count; l++)
        {
            TensorPrimitives.MultiplyAdd(_momentum[l], _momentumFactor, Layers[l].Parameter.Grad.Span, _momentum[l]);
        }
    }

    private SprigException StateMismatch(string what) =>
        new($"the {Name} state has no usable record of {what} (was the checkpoint saved by another method?)");
}
