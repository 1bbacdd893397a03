using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Chase;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Scores;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Chase (Yin et al. 2023): dynamic sparse training that also removes whole channels as it goes, so the network
/// ends narrower and runs faster as a dense model. From an ERK random mask it
/// <list type="bullet">
/// <item>removes, at channel events, the alive channels of lowest unmasked mean magnitude (UMM) globally until the
/// channel sparsity follows a cubic schedule to S_c, keeping ⌊C_l·(1 − S_c)·β⌋ channels per layer;</item>
/// <item>in phase A, every ΔT, prunes by global magnitude back to the budget B and grows by global gradient
/// magnitude up to P·(D + p₀·cos-annealed), so new weights train for ΔT before they are judged;</item>
/// <item>in phase B (the last E_stop epochs), every ΔT, drops ⌈r(t)·nnz⌉ by global magnitude and regrows to B.</item>
/// </list>
/// The parameters of removed channels return to the budget through the next growth. With a validation split, the
/// best-validation weights of phase B are put back at the end; the trainer then shrinks the model.
/// </summary>
public sealed class ChaseMethod : MaskedSparsityMethod
{
    private const string AliveKey = "chase.alive";
    private const string BudgetKey = "chase.budget";
    private const string WeightUpdatesKey = "chase.weight_updates";
    private const string ChannelEventsKey = "chase.pending_channel_events";
    private const string BestValidationKey = "chase.best_validation";
    private const string BestPrefix = "chase.best.";

    private readonly ChaseSettings _settings;
    private readonly List<object> _channelEvents = [];
    private ChaseTimeline? _timeline;
    private ChannelGraph? _graph;
    private bool[][] _alive = [];
    private int[] _floors = [];
    private float[][] _allowed = [];
    private float[][] _gradients = [];
    private long _budget;
    private long _parameters;
    private int _weightUpdates;
    private double _bestValidation = double.NegativeInfinity;
    private Dictionary<string, Tensor>? _best;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global weight sparsity 1 − D.</param>
    /// <param name="budget">The initial layer-wise split (ERK in the reference).</param>
    /// <param name="settings">Channel schedule, floors and timings.</param>
    /// <exception cref="SprigException">A setting is out of range.</exception>
    public ChaseMethod(double sparsity, LayerBudget budget, ChaseSettings settings)
        : base(sparsity, budget, MaskPattern.Element, new RandomScore(), regularizer: null)
    {
        if (!(settings.ChannelSparsity >= 0 && settings.ChannelSparsity < 1))
        {
            throw new SprigException($"--channel-sparsity must be in [0, 1), got {settings.ChannelSparsity:R}");
        }

        if (!(settings.MinChannelRatio > 0 && settings.MinChannelRatio <= 1))
        {
            throw new SprigException($"--min-channel-ratio must be in (0, 1], got {settings.MinChannelRatio:R}");
        }

        if (!(settings.DeathRate >= 0 && settings.DeathRate < 1))
        {
            throw new SprigException($"--death-rate must be in [0, 1), got {settings.DeathRate:R}");
        }

        _settings = settings;
    }

    /// <inheritdoc />
    public override string Name => "chase";

    /// <inheritdoc />
    public override bool NeedsDenseGradient => true;

    /// <inheritdoc />
    public override bool ShrinksAtEnd => true;

    /// <summary>The resolved schedule (null before Attach).</summary>
    public ChaseTimeline? Timeline => _timeline;

    /// <summary>The channel graph of the model (null before Attach).</summary>
    public ChannelGraph? Graph => _graph;

    /// <summary>B, the number of active weights the budget allows.</summary>
    public long Budgeted => _budget;

    /// <summary>Per prunable layer (graph order), the fewest channels it keeps.</summary>
    public IReadOnlyList<int> Floors => _floors;

    /// <summary>The fraction of channel-prunable channels removed so far.</summary>
    public double ChannelSparsity
    {
        get
        {
            int total = 0;
            int dead = 0;
            foreach (bool[] layer in _alive)
            {
                total += layer.Length;
                foreach (bool a in layer)
                {
                    dead += a ? 0 : 1;
                }
            }

            return total == 0 ? 0 : (double)dead / total;
        }
    }

    /// <summary>Whether channel <paramref name="channel"/> of graph layer <paramref name="group"/> is alive.</summary>
    public bool IsAlive(int group, int channel) => _alive[group][channel];

    /// <inheritdoc />
    protected override void OnAttach()
    {
        _timeline = ChaseTimeline.For(_settings, Schedule);
        _graph = ChannelGraph.Build(Model);
        if (_graph.Groups.Count == 0)
        {
            throw new SprigException("chase needs a model with channel-prunable layers (a convolution or linear layer feeding another one)");
        }

        PruneTo(TargetSparsity, 0, keepPruned: false);
        _budget = GlobalMaskUpdate.ActiveCount(Layers);
        _parameters = 0;
        foreach (PrunableWeight layer in Layers)
        {
            _parameters += layer.Length;
        }

        _alive = new bool[_graph.Groups.Count][];
        _floors = new int[_graph.Groups.Count];
        for (int g = 0; g < _alive.Length; g++)
        {
            int channels = _graph.Groups[g].Channels;
            _alive[g] = new bool[channels];
            _alive[g].AsSpan().Fill(true);
            _floors[g] = Math.Max(1, (int)Math.Floor(channels * (1 - _settings.ChannelSparsity) * _settings.MinChannelRatio));
        }

        _allowed = new float[Layers.Count][];
        _gradients = new float[Layers.Count][];
        for (int l = 0; l < Layers.Count; l++)
        {
            _allowed[l] = new float[Layers[l].Length];
            _gradients[l] = new float[Layers[l].Length];
        }

        RebuildAllowed();
    }

    /// <inheritdoc />
    public override bool BeforeOptimizerStep(long step)
    {
        // The optimizer overwrites the gradient with its update, so growth reads a copy taken here.
        if (_timeline!.IsWeightUpdate(step + 1))
        {
            for (int l = 0; l < Layers.Count; l++)
            {
                TensorPrimitives.Abs(Layers[l].Parameter.Grad.Span, _gradients[l]);
            }
        }

        return base.BeforeOptimizerStep(step);
    }

    /// <inheritdoc />
    protected override void OnStepCompleted(long completedSteps)
    {
        ChaseTimeline timeline = _timeline!;
        if (timeline.IsChannelEvent(completedSteps))
        {
            PruneChannels(completedSteps);
        }

        if (timeline.IsWeightUpdate(completedSteps))
        {
            if (timeline.InPhaseB(completedSteps))
            {
                long active = GlobalMaskUpdate.ActiveCount(Layers);
                GlobalMaskUpdate.DropSmallest(Layers, Optimizer, (long)Math.Ceiling(timeline.PruneFractionAt(completedSteps) * active));
                GlobalMaskUpdate.GrowLargest(Layers, Optimizer, _allowed, _gradients, _budget - GlobalMaskUpdate.ActiveCount(Layers));
            }
            else
            {
                GlobalMaskUpdate.DropSmallest(Layers, Optimizer, GlobalMaskUpdate.ActiveCount(Layers) - _budget);
                double density = (double)_budget / _parameters;
                long target = (long)Math.Floor(_parameters * timeline.GrowDensityAt(completedSteps, density, _settings.DeathRate));
                GlobalMaskUpdate.GrowLargest(Layers, Optimizer, _allowed, _gradients, target - GlobalMaskUpdate.ActiveCount(Layers));
            }

            _weightUpdates++;
        }
    }

    /// <inheritdoc />
    public override void OnValidated(int epoch, double accuracy)
    {
        if (Schedule.StepAt(epoch) > _timeline!.PhaseBStart && accuracy > _bestValidation)
        {
            _bestValidation = accuracy;
            _best = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, tensor) in Model.StateDict())
            {
                _best[name] = tensor.Clone();
            }

            foreach (PrunableWeight layer in Layers)
            {
                _best[$"mask/{layer.Name}"] = new Tensor((float[])layer.Parameter.Mask!.Clone(), layer.Length);
            }
        }
    }

    /// <inheritdoc />
    public override void OnTrainingEnd()
    {
        if (_best is null)
        {
            return;
        }

        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in _best)
        {
            if (!name.StartsWith("mask/", StringComparison.Ordinal))
            {
                weights[name] = tensor;
            }
        }

        Model.LoadStateDict(weights);
        foreach (PrunableWeight layer in Layers)
        {
            _best[$"mask/{layer.Name}"].Span.CopyTo(layer.Parameter.Mask);
        }

        ApplyMasks();
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object> DrainEvents()
    {
        var events = new Dictionary<string, object>(base.DrainEvents(), StringComparer.Ordinal)
        {
            ["channel_sparsity"] = ChannelSparsity,
            ["weight_updates"] = _weightUpdates,
            ["active_weights"] = GlobalMaskUpdate.ActiveCount(Layers),
            ["budget"] = _budget,
        };
        if (_channelEvents.Count > 0)
        {
            events["channel_events"] = _channelEvents.ToArray();
            _channelEvents.Clear();
        }

        _weightUpdates = 0;
        return events;
    }

    /// <inheritdoc />
    protected override void SaveMethodState(Dictionary<string, double[]> state)
    {
        var flags = new List<double>();
        foreach (bool[] layer in _alive)
        {
            foreach (bool a in layer)
            {
                flags.Add(a ? 1 : 0);
            }
        }

        state[AliveKey] = [.. flags];
        state[BudgetKey] = [_budget];
        state[WeightUpdatesKey] = [_weightUpdates];
        state[ChannelEventsKey] = PackChannelEvents();
        if (_best is not null)
        {
            state[BestValidationKey] = [_bestValidation];
        }
    }

    /// <inheritdoc />
    protected override void LoadMethodState(IReadOnlyDictionary<string, double[]> state)
    {
        if (!state.TryGetValue(AliveKey, out double[]? flags))
        {
            return;
        }

        int k = 0;
        foreach (bool[] layer in _alive)
        {
            for (int c = 0; c < layer.Length; c++)
            {
                layer[c] = flags[k++] != 0;
            }
        }

        _budget = (long)state[BudgetKey][0];
        _weightUpdates = state.TryGetValue(WeightUpdatesKey, out double[]? updates) ? (int)updates[0] : 0;
        UnpackChannelEvents(state.TryGetValue(ChannelEventsKey, out double[]? events) ? events : []);
        _bestValidation = state.TryGetValue(BestValidationKey, out double[]? best) ? best[0] : double.NegativeInfinity;
        RebuildAllowed();
    }

    /// <inheritdoc />
    /// <remarks>The best-validation weights and masks of phase B, once there are any.</remarks>
    public override IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in _best ?? [])
        {
            tensors[BestPrefix + name] = tensor;
        }

        return tensors;
    }

    /// <inheritdoc />
    public override void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        _best = null;
        foreach (var (name, tensor) in tensors)
        {
            if (name.StartsWith(BestPrefix, StringComparison.Ordinal))
            {
                _best ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                _best[name[BestPrefix.Length..]] = tensor;
            }
        }
    }

    /// <summary>The channel events not yet drained, one record each: step, target, reached, removed per graph layer.</summary>
    private double[] PackChannelEvents()
    {
        IReadOnlyList<ChannelGroup> groups = _graph!.Groups;
        var packed = new List<double>();
        foreach (ChannelEvent e in _channelEvents.Cast<ChannelEvent>())
        {
            packed.Add(e.Step);
            packed.Add(e.TargetChannelSparsity);
            packed.Add(e.ChannelSparsity);
            foreach (ChannelGroup group in groups)
            {
                packed.Add(e.Removed.TryGetValue(group.Name, out int removed) ? removed : 0);
            }
        }

        return [.. packed];
    }

    private void UnpackChannelEvents(double[] packed)
    {
        IReadOnlyList<ChannelGroup> groups = _graph!.Groups;
        int record = 3 + groups.Count;
        if (packed.Length % record != 0)
        {
            throw new SprigException($"the chase state holds {packed.Length} values of pending channel events, not a multiple of {record} (was the checkpoint saved by another model?)");
        }

        _channelEvents.Clear();
        for (int at = 0; at < packed.Length; at += record)
        {
            var removed = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < groups.Count; g++)
            {
                if (packed[at + 3 + g] > 0)
                {
                    removed[groups[g].Name] = (int)packed[at + 3 + g];
                }
            }

            _channelEvents.Add(new ChannelEvent((long)packed[at], packed[at + 1], packed[at + 2], removed));
        }
    }

    private void PruneChannels(long step)
    {
        ChannelGraph graph = _graph!;
        int total = _alive.Sum(a => a.Length);
        double target = _timeline!.ChannelSparsityAt(step, _settings.ChannelSparsity);
        int removed = (int)Math.Round(ChannelSparsity * total);
        int count = (int)Math.Floor(target * total) - removed;
        if (count <= 0)
        {
            return;
        }

        var scores = new float[graph.Groups.Count][];
        for (int g = 0; g < scores.Length; g++)
        {
            ChannelGroup group = graph.Groups[g];
            scores[g] = ChannelScores.UnmaskedMeanMagnitude(new PrunableWeight(group.Name, group.ProducerWeight));
        }

        List<int>[] chosen = ChannelSelection.Lowest(scores, _alive, _floors, count);
        var perLayer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int g = 0; g < chosen.Length; g++)
        {
            foreach (int c in chosen[g])
            {
                _alive[g][c] = false;
                ChannelSurgery.Kill(graph.Groups[g], c);
            }

            if (chosen[g].Count > 0)
            {
                perLayer[graph.Groups[g].Name] = chosen[g].Count;
            }
        }

        RebuildAllowed();
        ApplyMasks();
        _channelEvents.Add(new ChannelEvent(step, target, ChannelSparsity, perLayer));
    }

    /// <summary>Marks every position of a removed channel (its producer row, its consumer inputs) as never growable.</summary>
    private void RebuildAllowed()
    {
        ChannelGraph graph = _graph!;
        foreach (float[] allowed in _allowed)
        {
            allowed.AsSpan().Fill(1f);
        }

        for (int g = 0; g < graph.Groups.Count; g++)
        {
            ChannelGroup group = graph.Groups[g];
            float[] producer = AllowedOf(group.ProducerWeight);
            float[] consumer = AllowedOf(group.ConsumerWeight);
            int rowLength = producer.Length / group.Channels;
            int consumerRows = group.ConsumerWeight.Value.Dim(0);
            int consumerRow = consumer.Length / consumerRows;
            for (int c = 0; c < group.Channels; c++)
            {
                if (_alive[g][c])
                {
                    continue;
                }

                producer.AsSpan(c * rowLength, rowLength).Clear();
                for (int r = 0; r < consumerRows; r++)
                {
                    consumer.AsSpan((r * consumerRow) + (c * group.ConsumerSpan), group.ConsumerSpan).Clear();
                }
            }
        }
    }

    private float[] AllowedOf(Nn.Parameter parameter)
    {
        for (int l = 0; l < Layers.Count; l++)
        {
            if (ReferenceEquals(Layers[l].Parameter, parameter))
            {
                return _allowed[l];
            }
        }

        throw new InvalidOperationException("A channel-prunable weight is not among the prunable parameters.");
    }
}
