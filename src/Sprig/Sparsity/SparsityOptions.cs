namespace Sprig.Sparsity;

/// <summary>
/// Everything the CLI can say about sparsification, as plain values; <see cref="SparsityMethodFactory.Create"/>
/// validates them and builds the method. Null means "the method's default".
/// </summary>
public sealed record SparsityOptions
{
    /// <summary>
    /// <c>dense</c>, <c>static</c>, <c>snip</c>, <c>grasp</c>, <c>gmp</c>, <c>oneshot</c>, <c>imp</c> (alias <c>lth</c>),
    /// <c>nm</c>, or a dynamic sparse method: <c>set</c>, <c>rigl</c>, <c>snfs</c>, <c>granet</c>, <c>mest</c>, <c>srigl</c>.
    /// </summary>
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

    /// <summary>Dynamic sparse methods: ΔT, steps between mask updates; default 100.</summary>
    public int? UpdateEvery { get; init; }

    /// <summary>
    /// Dynamic sparse methods: the initial drop fraction. Defaults: RigL/SRigL α = 0.3, SET ζ = 0.3, SNFS and
    /// GraNet p₀ = 0.5 (cosine-decayed to 0.005), MEST's extra grow fraction 0.05.
    /// </summary>
    public double? DropFraction { get; init; }

    /// <summary>
    /// Dynamic sparse methods: T_end as a fraction of the run, after which masks stop changing. Defaults: 0.75 for
    /// RigL, SRigL and MEST; 1 for GraNet (SET and SNFS update at epoch ends until the last).
    /// </summary>
    public double? UpdateEnd { get; init; }

    /// <summary>
    /// Dynamic sparse methods: <c>random</c>, <c>gradient</c> or <c>momentum</c>. Defaults: random for SET, momentum for
    /// SNFS, gradient otherwise.
    /// </summary>
    public string? Growth { get; init; }

    /// <summary>SNFS: <c>momentum</c> (default) spreads regrowth over layers by mean momentum; <c>none</c> regrows each layer's own removals.</summary>
    public string? Redistribution { get; init; }

    /// <summary>SET and static: Erdős–Rényi ε (each layer keeps ε·(n_in + n_out) weights), replacing --sparsity.</summary>
    public double? SetEpsilon { get; init; }

    /// <summary>Dynamic sparse methods: a regrown weight starts at this standard deviation times N(0, 1); 0 (default) starts it at zero.</summary>
    public float RegrowStd { get; init; }

    /// <summary>GraNet: the sparsity it starts from, s_i (default 0.5: sparse-to-sparse; 0: dense-to-sparse).</summary>
    public double? InitialSparsity { get; init; }

    /// <summary>SRigL: γ_sal, a neuron with fewer than γ_sal·k salient weights is ablated; 0 disables ablation.</summary>
    public double MinSalientFraction { get; init; } = 0.3;

    /// <summary>Chase: S_c, the fraction of channel-prunable channels removed (default 0.5, the CIFAR scripts').</summary>
    public double ChannelSparsity { get; init; } = 0.5;

    /// <summary>Chase: the epoch at which the channel sparsity reaches S_c; default where phase B begins.</summary>
    public double? ChannelPruneEndEpoch { get; init; }

    /// <summary>Chase: ΔT_c, steps between channel events; default 4·ΔT.</summary>
    public int? ChannelUpdateEvery { get; init; }

    /// <summary>Chase: β, each layer keeps at least ⌊C_l·(1 − S_c)·β⌋ channels.</summary>
    public double MinChannelRatio { get; init; } = 0.2;

    /// <summary>Chase: p₀, the extra density grown above the budget early in phase A (cosine-annealed to 0).</summary>
    public double DeathRate { get; init; } = 0.05;

    /// <summary>Chase: E_stop, the last epochs of fixed-budget prune-and-regrow; default 3/16 of the run (30 of 160).</summary>
    public double? DstStopEpochs { get; init; }
}
