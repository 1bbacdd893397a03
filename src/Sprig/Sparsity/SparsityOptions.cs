namespace Sprig.Sparsity;

/// <summary>
/// Everything the CLI can say about sparsification, as plain values; <see cref="SparsityMethodFactory.Create"/>
/// validates them and builds the method. Null means "the method's default".
/// </summary>
public sealed record SparsityOptions
{
    /// <summary><c>dense</c>, <c>static</c>, <c>snip</c>, <c>grasp</c>, <c>gmp</c>, <c>oneshot</c>, <c>imp</c> (alias <c>lth</c>) or <c>nm</c>.</summary>
    public string Method { get; init; } = "dense";

    /// <summary>The final global sparsity, in [0, 1) (ignored by <c>nm</c>, whose sparsity is 1 − N/M).</summary>
    public double Sparsity { get; init; }

    /// <summary>
    /// <c>uniform</c>, <c>er</c>, <c>erk</c> or <c>global</c>. Defaults: <c>erk</c> for static, <c>global</c> for
    /// snip and grasp, <c>uniform</c> (layer-wise) for gmp, oneshot and imp.
    /// </summary>
    public string? Budget { get; init; }

    /// <summary>
    /// <c>magnitude</c>, <c>random</c>, <c>gradient</c>, <c>momentum</c>, <c>snip</c>, <c>grasp</c>, <c>taylor</c> or
    /// <c>obd</c>, or a filter score for channel granularity: <c>l1-norm</c>, <c>l2-norm</c>, <c>umm</c>. Defaults: <c>random</c> for static, the method's own for snip and grasp, <c>magnitude</c> otherwise.
    /// </summary>
    public string? Score { get; init; }

    /// <summary><c>element</c>, <c>block</c> (shape in <see cref="Block"/>), <c>channel</c> or <c>nm</c> (pattern in <see cref="NM"/>).</summary>
    public string Granularity { get; init; } = "element";

    /// <summary>The block shape for block granularity, rows×fan-in, such as <c>1x4</c> or <c>4x4</c>.</summary>
    public string Block { get; init; } = "1x4";

    /// <summary>The N:M pattern (<c>2:4</c>, <c>1:4</c>, <c>4:8</c>) for the nm method or nm granularity; default 2:4.</summary>
    public string? NM { get; init; }

    /// <summary>Leave the first prunable layer dense.</summary>
    public bool KeepFirstDense { get; init; }

    /// <summary>Leave the last prunable layer dense.</summary>
    public bool KeepLastDense { get; init; }

    /// <summary>ERK/ER exponent γ (RigL's <c>erk_power_scale</c>).</summary>
    public double ErkPowerScale { get; init; } = 1.0;

    /// <summary>Epoch (may be fractional) at which gmp starts pruning or oneshot prunes; default 0 for gmp, half the run for oneshot.</summary>
    public double? PruneStartEpoch { get; init; }

    /// <summary>Epoch at which gmp reaches the final sparsity; default three quarters of the run.</summary>
    public double? PruneEndEpoch { get; init; }

    /// <summary>Steps between gmp mask updates.</summary>
    public int PruneEvery { get; init; } = 100;

    /// <summary>Lottery-ticket pruning rounds; 0 picks about 20% per round.</summary>
    public int Rounds { get; init; }

    /// <summary>Lottery-ticket epochs per round; 0 splits the run into rounds + 1 equal parts.</summary>
    public int RoundEpochs { get; init; }

    /// <summary>Lottery-ticket rewind epoch k (0 = initialisation).</summary>
    public int RewindEpoch { get; init; }

    /// <summary><c>none</c>, <c>l1</c>, <c>group-lasso</c> or <c>bn-l1</c>.</summary>
    public string Regularizer { get; init; } = "none";

    /// <summary>The regularizer strength λ.</summary>
    public float RegularizerStrength { get; init; } = 1e-4f;

    /// <summary>SR-STE's decay λ on pruned weights for the nm method.</summary>
    public float NmDecay { get; init; } = 2e-4f;

    /// <summary>GraSP's logit temperature T.</summary>
    public float GraspTemperature { get; init; } = 200f;

    /// <summary>Chase: S_c, the fraction of channel-prunable channels removed (default 0.5, the CIFAR scripts').</summary>
    public double ChannelSparsity { get; init; } = 0.5;

    /// <summary>Chase: the epoch at which the channel sparsity reaches S_c; default where phase B begins.</summary>
    public double? ChannelPruneEndEpoch { get; init; }

    /// <summary>Chase: ΔT_c, steps between channel events; default 4·ΔT.</summary>
    public int? ChannelUpdateEvery { get; init; }

    /// <summary>Chase: β, each layer keeps at least ⌊C_l·(1 − S_c)·β⌋ channels.</summary>
    public double MinChannelRatio { get; init; } = 0.2;

    /// <summary>Dynamic sparse methods: ΔT, steps between mask updates; Chase's default is a 1/80 of the run.</summary>
    public int? UpdateEvery { get; init; }

    /// <summary>Chase: p₀, the extra density grown above the budget early in phase A (cosine-annealed to 0).</summary>
    public double DeathRate { get; init; } = 0.05;

    /// <summary>Chase: E_stop, the last epochs of fixed-budget prune-and-regrow; default 3/16 of the run (30 of 160).</summary>
    public double? DstStopEpochs { get; init; }
}
