using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Iterative magnitude pruning with rewinding (lottery tickets, Frankle et al.), inside one run. The run is split into
/// <see cref="Rounds"/> + 1 rounds of <see cref="RoundEpochs"/> epochs (the last round takes what is left). The
/// weights after epoch <see cref="RewindEpoch"/> (0 = the initialisation) are snapshotted. At the end of each of
/// the first <see cref="Rounds"/> rounds the same fraction of the surviving weights is pruned by magnitude
/// (about 20%: after r rounds the sparsity is 1 − (1 − S)^(r/R)), every parameter and buffer is rewound to the
/// snapshot (masked) and the optimizer state is cleared. The learning-rate schedule is the trainer's: this method
/// does not restart it; a trainer that wants each round to replay the schedule can restart it every
/// <see cref="RoundEpochs"/> epochs after <see cref="RewindEpoch"/>.
/// </summary>
public sealed class LotteryTicketMethod : MaskedSparsityMethod
{
    /// <summary>The fraction of surviving weights the original lottery-ticket procedure prunes per round.</summary>
    public const double DefaultRoundFraction = 0.2;

    private const string RoundsDoneKey = "imp.rounds_done";
    private const string SnapshotPrefix = "imp.snapshot.";

    private readonly int _requestedRoundEpochs;
    private Dictionary<string, Tensor>? _snapshot;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The final global sparsity S.</param>
    /// <param name="rounds">Pruning rounds R; 0 picks the R that prunes about 20% per round.</param>
    /// <param name="roundEpochs">Epochs per round; 0 splits the run into R + 1 equal rounds.</param>
    /// <param name="rewindEpoch">The epoch k whose weights every round restarts from (0 = initialisation).</param>
    /// <param name="budget">Layer-wise (uniform) for small networks, global for deep ones.</param>
    /// <param name="pattern">The mask structure.</param>
    /// <exception cref="SprigException">A count is negative.</exception>
    public LotteryTicketMethod(double sparsity, int rounds, int roundEpochs, int rewindEpoch, LayerBudget budget, MaskPattern pattern)
        : base(sparsity, budget, pattern, new MagnitudeScore(), regularizer: null)
    {
        if (rounds < 0 || roundEpochs < 0 || rewindEpoch < 0)
        {
            throw new SprigException($"lottery-ticket rounds ({rounds}), round length ({roundEpochs}) and rewind epoch ({rewindEpoch}) must be >= 0");
        }

        _requestedRoundEpochs = roundEpochs;
        RewindEpoch = rewindEpoch;
        Rounds = ResolveRounds(sparsity, rounds);
    }

    /// <inheritdoc />
    public override string Name => "imp";

    /// <summary>The number of pruning rounds R.</summary>
    public int Rounds { get; }

    /// <summary>The epoch whose weights the rounds rewind to.</summary>
    public int RewindEpoch { get; }

    /// <summary>Epochs per round (known after Attach).</summary>
    public int RoundEpochs { get; private set; }

    /// <summary>How many rounds have been pruned so far.</summary>
    public int RoundsDone { get; private set; }

    /// <summary>The sparsity after <paramref name="round"/> of the <see cref="Rounds"/> prunings.</summary>
    public double SparsityAfterRound(int round) => 1.0 - Math.Pow(1.0 - TargetSparsity, (double)round / Rounds);

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch)
    {
        if (epoch == RewindEpoch)
        {
            TakeSnapshot();
        }

        if (RoundsDone < Rounds && epoch == (RoundsDone + 1) * RoundEpochs)
        {
            RoundsDone++;
            PruneTo(SparsityAfterRound(RoundsDone), (long)epoch * Schedule.StepsPerEpoch, keepPruned: true);
            Rewind();
        }
    }

    /// <inheritdoc />
    protected override void SaveMethodState(Dictionary<string, double[]> state) => state[RoundsDoneKey] = [RoundsDone];

    /// <inheritdoc />
    protected override void LoadMethodState(IReadOnlyDictionary<string, double[]> state)
    {
        if (state.TryGetValue(RoundsDoneKey, out double[]? done))
        {
            RoundsDone = (int)done[0];
        }
    }

    /// <inheritdoc />
    /// <remarks>The rewind snapshot of the weights, once taken.</remarks>
    public override IReadOnlyDictionary<string, Tensor> SaveTensors()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in _snapshot ?? [])
        {
            tensors[SnapshotPrefix + name] = tensor;
        }

        return tensors;
    }

    /// <inheritdoc />
    public override void LoadTensors(IReadOnlyDictionary<string, Tensor> tensors)
    {
        foreach (var (name, live) in Model.StateDict())
        {
            if (tensors.TryGetValue(SnapshotPrefix + name, out Tensor? values))
            {
                if (values.Length != live.Length)
                {
                    throw new SprigException($"the lottery-ticket snapshot of '{name}' has {values.Length} values, the model {live.Length} (was the checkpoint saved by another model?)");
                }

                _snapshot ??= new Dictionary<string, Tensor>(StringComparer.Ordinal);
                _snapshot[name] = new Tensor(values.Data, live.ShapeArray());
            }
        }
    }

    /// <inheritdoc />
    protected override void OnAttach()
    {
        RoundEpochs = _requestedRoundEpochs > 0 ? _requestedRoundEpochs : Schedule.Epochs / (Rounds + 1);
        if (Rounds > 0 && (RoundEpochs < 1 || (long)Rounds * RoundEpochs >= Schedule.Epochs))
        {
            throw new SprigException($"lottery tickets need {Rounds} rounds of {Math.Max(RoundEpochs, 1)} epochs plus a final round, more than the {Schedule.Epochs} epochs of the run (lower --rounds or raise --epochs)");
        }

        if (Rounds > 0 && RewindEpoch >= RoundEpochs)
        {
            throw new SprigException($"rewind epoch {RewindEpoch} must come before the first pruning at epoch {RoundEpochs}");
        }

        if (RewindEpoch == 0)
        {
            TakeSnapshot();
        }
    }

    private static int ResolveRounds(double sparsity, int rounds)
    {
        if (rounds > 0 || sparsity <= 0)
        {
            return rounds;
        }

        return Math.Max(1, (int)Math.Ceiling(Math.Log(1.0 - sparsity) / Math.Log(1.0 - DefaultRoundFraction)));
    }

    private void TakeSnapshot()
    {
        _snapshot = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in Model.StateDict())
        {
            _snapshot[name] = tensor.Clone();
        }
    }

    private void Rewind()
    {
        Model.LoadStateDict(_snapshot ?? throw new InvalidOperationException("Rewind before the snapshot epoch."));
        foreach (Nn.Parameter p in Optimizer.Parameters)
        {
            foreach (float[] buffer in Optimizer.StateOf(p).Values)
            {
                Array.Clear(buffer);
            }
        }

        ApplyMasks();
    }
}
