using System.CommandLine;
using Sprig.Sparsity;

namespace Sprig.Cli.Commands;

/// <summary>The sparsification flags of <c>sprig train</c>, mapped onto <see cref="SparsityOptions"/>.</summary>
internal sealed class SparsityFlags
{
    private static readonly SparsityOptions s_defaults = new();

    private readonly Option<string> _method = new("--method") { Description = $"Sparsification method: {string.Join(", ", SparsityMethodFactory.MethodNames)}.", DefaultValueFactory = _ => s_defaults.Method };
    private readonly Option<double> _sparsity = new("--sparsity") { Description = "Final global sparsity (fraction of prunable weights that are zero), in [0, 1).", DefaultValueFactory = _ => s_defaults.Sparsity };
    private readonly Option<string?> _budget = new("--budget") { Description = $"How the sparsity is spread over layers: {string.Join(", ", SparsityMethodFactory.BudgetNames)} (default depends on the method)." };
    private readonly Option<string?> _score = new("--score") { Description = $"What ranks weights: {string.Join(", ", SparsityMethodFactory.ScoreNames)} (default depends on the method)." };
    private readonly Option<string> _granularity = new("--granularity") { Description = "element, block, channel or nm.", DefaultValueFactory = _ => s_defaults.Granularity };
    private readonly Option<string> _block = new("--block") { Description = "Block shape for --granularity block, rows x fan-in (1x4, 4x4).", DefaultValueFactory = _ => s_defaults.Block };
    private readonly Option<string?> _nm = new("--nm") { Description = "N:M pattern for --method nm or --granularity nm (2:4, 1:4, 4:8)." };
    private readonly Option<bool> _keepFirst = new("--keep-first-dense") { Description = "Leave the first prunable layer dense." };
    private readonly Option<bool> _keepLast = new("--keep-last-dense") { Description = "Leave the last prunable layer dense." };
    private readonly Option<double> _erkPower = new("--erk-power-scale") { Description = "ERK exponent (0 gives uniform).", DefaultValueFactory = _ => s_defaults.ErkPowerScale };
    private readonly Option<double?> _pruneStart = new("--prune-start") { Description = "Epoch at which gmp starts pruning or oneshot prunes." };
    private readonly Option<double?> _pruneEnd = new("--prune-end") { Description = "Epoch at which gmp reaches the final sparsity." };
    private readonly Option<int> _pruneEvery = new("--prune-every") { Description = "Steps between gmp mask updates.", DefaultValueFactory = _ => s_defaults.PruneEvery };
    private readonly Option<int> _rounds = new("--rounds") { Description = "Lottery-ticket pruning rounds (0: about 20% per round).", DefaultValueFactory = _ => s_defaults.Rounds };
    private readonly Option<int> _roundEpochs = new("--round-epochs") { Description = "Lottery-ticket epochs per round (0: split the run evenly).", DefaultValueFactory = _ => s_defaults.RoundEpochs };
    private readonly Option<int> _rewindEpoch = new("--rewind-epoch") { Description = "Lottery-ticket rewind epoch (0 = initialisation).", DefaultValueFactory = _ => s_defaults.RewindEpoch };
    private readonly Option<string> _regularizer = new("--regularizer") { Description = "Sparsity-inducing penalty: none, l1, group-lasso, bn-l1.", DefaultValueFactory = _ => s_defaults.Regularizer };
    private readonly Option<float> _regularizerStrength = new("--regularizer-strength") { Description = "Penalty strength.", DefaultValueFactory = _ => s_defaults.RegularizerStrength };
    private readonly Option<float> _nmDecay = new("--nm-decay") { Description = "SR-STE decay on pruned weights for --method nm.", DefaultValueFactory = _ => s_defaults.NmDecay };
    private readonly Option<float> _graspTemperature = new("--grasp-temperature") { Description = "GraSP logit temperature.", DefaultValueFactory = _ => s_defaults.GraspTemperature };
    private readonly Option<int?> _updateEvery = new("--update-every") { Description = "DST: steps between mask updates, ΔT (default 100)." };
    private readonly Option<double?> _dropFraction = new("--drop-fraction") { Description = "DST: initial drop fraction (rigl/srigl α 0.3, set ζ 0.3, snfs/granet 0.5, mest 0.05)." };
    private readonly Option<double?> _updateEnd = new("--update-end") { Description = "DST: fraction of the run after which masks stop changing, T_end (rigl/srigl/mest 0.75, granet 1)." };
    private readonly Option<string?> _growth = new("--growth") { Description = "DST: what picks regrown positions: random, gradient, momentum (set random, snfs momentum, others gradient)." };
    private readonly Option<string?> _redistribution = new("--redistribution") { Description = "SNFS: none or momentum (default) redistribution of regrowth across layers." };
    private readonly Option<double?> _setEpsilon = new("--set-epsilon") { Description = "set/static: Erdős–Rényi ε (each layer keeps ε·(n_in+n_out) weights), replacing --sparsity." };
    private readonly Option<float> _regrowStd = new("--regrow-std") { Description = "DST: regrown weights start at this std times N(0,1); 0 starts them at zero.", DefaultValueFactory = _ => s_defaults.RegrowStd };
    private readonly Option<double?> _initialSparsity = new("--initial-sparsity") { Description = "GraNet: starting sparsity s_i (0.5 sparse-to-sparse, 0 dense-to-sparse)." };
    private readonly Option<double> _minSalient = new("--min-salient") { Description = "SRigL: ablate neurons with fewer than this fraction of k salient weights (0 disables).", DefaultValueFactory = _ => s_defaults.MinSalientFraction };
    private readonly Option<double> _channelSparsity = new("--channel-sparsity") { Description = "Chase: fraction of prunable channels removed (S_c).", DefaultValueFactory = _ => s_defaults.ChannelSparsity };
    private readonly Option<double?> _channelPruneEnd = new("--channel-prune-end") { Description = "Chase: epoch at which the channel sparsity is reached (default: where phase B begins)." };
    private readonly Option<int?> _channelUpdateEvery = new("--channel-update-every") { Description = "Chase: steps between channel events (default 4 x --update-every)." };
    private readonly Option<double> _minChannelRatio = new("--min-channel-ratio") { Description = "Chase: beta, each layer keeps at least C*(1-S_c)*beta channels.", DefaultValueFactory = _ => s_defaults.MinChannelRatio };
    private readonly Option<double> _deathRate = new("--death-rate") { Description = "Chase: p0, extra density grown above the budget early in phase A.", DefaultValueFactory = _ => s_defaults.DeathRate };
    private readonly Option<double?> _dstStopEpochs = new("--dst-stop-epochs") { Description = "Chase: last epochs of fixed-budget prune-and-regrow (default 3/16 of the run)." };

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[_method, _sparsity, _budget, _score, _granularity, _block, _nm, _keepFirst, _keepLast, _erkPower,
            _pruneStart, _pruneEnd, _pruneEvery, _rounds, _roundEpochs, _rewindEpoch, _regularizer, _regularizerStrength, _nmDecay, _graspTemperature,
            _updateEvery, _dropFraction, _updateEnd, _growth, _redistribution, _setEpsilon, _regrowStd, _initialSparsity, _minSalient,
            _channelSparsity, _channelPruneEnd, _channelUpdateEvery, _minChannelRatio, _deathRate, _dstStopEpochs])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options the parsed flags describe.</summary>
    public SparsityOptions Read(ParseResult parse) => new()
    {
        Method = parse.GetValue(_method)!,
        Sparsity = parse.GetValue(_sparsity),
        Budget = parse.GetValue(_budget),
        Score = parse.GetValue(_score),
        Granularity = parse.GetValue(_granularity)!,
        Block = parse.GetValue(_block)!,
        NM = parse.GetValue(_nm),
        KeepFirstDense = parse.GetValue(_keepFirst),
        KeepLastDense = parse.GetValue(_keepLast),
        ErkPowerScale = parse.GetValue(_erkPower),
        PruneStartEpoch = parse.GetValue(_pruneStart),
        PruneEndEpoch = parse.GetValue(_pruneEnd),
        PruneEvery = parse.GetValue(_pruneEvery),
        Rounds = parse.GetValue(_rounds),
        RoundEpochs = parse.GetValue(_roundEpochs),
        RewindEpoch = parse.GetValue(_rewindEpoch),
        Regularizer = parse.GetValue(_regularizer)!,
        RegularizerStrength = parse.GetValue(_regularizerStrength),
        NmDecay = parse.GetValue(_nmDecay),
        GraspTemperature = parse.GetValue(_graspTemperature),
        UpdateEvery = parse.GetValue(_updateEvery),
        DropFraction = parse.GetValue(_dropFraction),
        UpdateEnd = parse.GetValue(_updateEnd),
        Growth = parse.GetValue(_growth),
        Redistribution = parse.GetValue(_redistribution),
        SetEpsilon = parse.GetValue(_setEpsilon),
        RegrowStd = parse.GetValue(_regrowStd),
        InitialSparsity = parse.GetValue(_initialSparsity),
        MinSalientFraction = parse.GetValue(_minSalient),
        ChannelSparsity = parse.GetValue(_channelSparsity),
        ChannelPruneEndEpoch = parse.GetValue(_channelPruneEnd),
        ChannelUpdateEvery = parse.GetValue(_channelUpdateEvery),
        MinChannelRatio = parse.GetValue(_minChannelRatio),
        DeathRate = parse.GetValue(_deathRate),
        DstStopEpochs = parse.GetValue(_dstStopEpochs),
    };
}
