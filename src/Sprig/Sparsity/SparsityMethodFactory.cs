using System.Globalization;
using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Chase;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Methods;
using Sprig.Sparsity.Regularizers;
using Sprig.Sparsity.Schedules;
using Sprig.Sparsity.Scores;

namespace Sprig.Sparsity;

/// <summary>Builds a <see cref="SparsityMethod"/> from <see cref="SparsityOptions"/>, validating every value.</summary>
public static class SparsityMethodFactory
{
    /// <summary>The method names the factory knows.</summary>
    public static IReadOnlyList<string> MethodNames { get; } = ["dense", "static", "snip", "grasp", "gmp", "oneshot", "imp", "lth", "nm", "set", "rigl", "snfs", "granet", "mest", "srigl", "chase"];

    /// <summary>The budget names the factory knows.</summary>
    public static IReadOnlyList<string> BudgetNames { get; } = ["uniform", "er", "erk", "global"];

    /// <summary>The score names the factory knows.</summary>
    public static IReadOnlyList<string> ScoreNames { get; } = ["magnitude", "random", "gradient", "momentum", "snip", "grasp", "taylor", "obd", "l1-norm", "l2-norm", "umm"];

    /// <summary>Builds the method the options describe.</summary>
    /// <exception cref="SprigException">A name is unknown or a value is out of range.</exception>
    public static SparsityMethod Create(SparsityOptions options)
    {
        string method = options.Method.ToLowerInvariant();
        if (!(options.Sparsity >= 0 && options.Sparsity < 1))
        {
            throw new SprigException($"--sparsity must be in [0, 1), got {Format(options.Sparsity)}");
        }

        if (options.SetEpsilon is not null && method is not ("set" or "static"))
        {
            throw new SprigException($"--set-epsilon applies to the set and static methods, not {method}");
        }

        if (method is "dense" or "nm" && options.Regularizer != "none")
        {
            throw new SprigException($"the {method} method takes no --regularizer");
        }

        switch (method)
        {
            case "dense":
                return new DenseMethod();
            case "nm":
                return new NmSparseMethod(MaskPattern.ParseNOfM(options.NM ?? "2:4"), options.NmDecay);
            case "set":
            case "rigl":
            case "snfs":
            case "granet":
            case "mest":
            case "srigl":
                return DynamicSparseFactory.Create(method, options);
            case "static":
                return new StaticSparseMethod(method, options.Sparsity, BudgetOf(options, "erk"), PatternOf(options),
                    ScoreOf(options, "random"), RegularizerOf(options));
            case "snip":
            case "grasp":
                if (options.Score is { } score && score != method)
                {
                    throw new SprigException($"the {method} method scores by {method}; drop --score {score} or use --method static --score {score}");
                }

                return new StaticSparseMethod(method, options.Sparsity, BudgetOf(options, "global"), PatternOf(options),
                    ScoreOf(options, method), RegularizerOf(options));
            case "gmp":
                return Gmp(options);
            case "oneshot":
                return OneShot(options);
            case "imp":
            case "lth":
                if (options.Score is { } impScore && impScore != "magnitude")
                {
                    throw new SprigException($"lottery tickets prune by magnitude; drop --score {impScore}");
                }

                return new LotteryTicketMethod(options.Sparsity, options.Rounds, options.RoundEpochs, options.RewindEpoch,
                    BudgetOf(options, "uniform"), PatternOf(options));
            case "chase":
                return new ChaseMethod(options.Sparsity, BudgetOf(options, "erk"), new ChaseSettings(options.ChannelSparsity,
                    options.MinChannelRatio, options.DeathRate, options.UpdateEvery, options.ChannelUpdateEvery,
                    options.ChannelPruneEndEpoch, options.DstStopEpochs));
            default:
                throw new SprigException($"unknown sparsity method '{options.Method}' (expected {string.Join(", ", MethodNames)})");
        }
    }

    private static ScheduledPruningMethod Gmp(SparsityOptions options)
    {
        if (PatternOf(options).Granularity == Granularity.NM)
        {
            throw new SprigException("gmp cannot ramp an N:M pattern, whose sparsity is fixed; use --method oneshot or nm");
        }

        if (options.PruneEvery < 1)
        {
            throw new SprigException($"--prune-every must be at least 1 step, got {options.PruneEvery}");
        }

        double sparsity = options.Sparsity;
        double? start = options.PruneStartEpoch;
        double? end = options.PruneEndEpoch;
        CheckEpoch("--prune-start", start);
        CheckEpoch("--prune-end", end);
        long every = options.PruneEvery;
        return new ScheduledPruningMethod("gmp", sparsity, BudgetOf(options, "uniform"), PatternOf(options), ScoreOf(options, "magnitude"),
            run => new CubicSchedule(StepWithinRun(run, start ?? 0, "--prune-start"), StepWithinRun(run, end ?? (0.75 * run.Epochs), "--prune-end"), every, 0, sparsity),
            RegularizerOf(options));
    }

    private static ScheduledPruningMethod OneShot(SparsityOptions options)
    {
        double sparsity = options.Sparsity;
        double? start = options.PruneStartEpoch;
        CheckEpoch("--prune-start", start);
        return new ScheduledPruningMethod("oneshot", sparsity, BudgetOf(options, "uniform"), PatternOf(options), ScoreOf(options, "magnitude"),
            run => new OneShotSchedule(StepWithinRun(run, start ?? (run.Epochs / 2.0), "--prune-start"), sparsity),
            RegularizerOf(options));
    }

    /// <summary>The budget the options name, or <paramref name="fallback"/>; --set-epsilon makes it ER with that ε.</summary>
    internal static LayerBudget BudgetOf(SparsityOptions options, string fallback)
    {
        bool first = options.KeepFirstDense;
        bool last = options.KeepLastDense;
        if (options.SetEpsilon is { } epsilon)
        {
            return options.Budget is null or "er"
                ? new ErdosRenyiEpsilonBudget(epsilon, first, last)
                : throw new SprigException($"--set-epsilon sets an ER budget; it conflicts with --budget {options.Budget}");
        }

        return (options.Budget ?? fallback).ToLowerInvariant() switch
        {
            "uniform" => new UniformBudget(first, last),
            "er" => new ErdosRenyiBudget(includeKernel: false, options.ErkPowerScale, first, last),
            "erk" => new ErdosRenyiBudget(includeKernel: true, options.ErkPowerScale, first, last),
            "global" => new GlobalBudget(first, last),
            _ => throw new SprigException($"unknown budget '{options.Budget}' (expected {string.Join(", ", BudgetNames)})"),
        };
    }

    private static WeightScore ScoreOf(SparsityOptions options, string fallback) => (options.Score ?? fallback).ToLowerInvariant() switch
    {
        "magnitude" => new MagnitudeScore(),
        "random" => new RandomScore(),
        "gradient" => new GradientScore(),
        "momentum" => new MomentumScore(),
        "snip" => new SnipScore(),
        "grasp" => new GraspScore(options.GraspTemperature),
        "taylor" => new TaylorScore(),
        "obd" => new ObdScore(),
        "l1-norm" => new ChannelScore("l1-norm", ChannelScores.L1Norm),
        "l2-norm" => new ChannelScore("l2-norm", ChannelScores.L2Norm),
        "umm" => new ChannelScore("umm", ChannelScores.UnmaskedMeanMagnitude),
        _ => throw new SprigException($"unknown score '{options.Score}' (expected {string.Join(", ", ScoreNames)})"),
    };

    private static MaskPattern PatternOf(SparsityOptions options)
    {
        string granularity = options.Granularity.ToLowerInvariant();
        if (options.NM is { } nm)
        {
            return granularity is "element" or "nm"
                ? MaskPattern.ParseNOfM(nm)
                : throw new SprigException($"--nm {nm} conflicts with --granularity {options.Granularity}");
        }

        return granularity switch
        {
            "element" => MaskPattern.Element,
            "block" => MaskPattern.ParseBlock(options.Block),
            "channel" => MaskPattern.Channel,
            "nm" => MaskPattern.ParseNOfM("2:4"),
            _ => throw new SprigException($"unknown granularity '{options.Granularity}' (expected element, block, channel, nm)"),
        };
    }

    private static SparsityRegularizer? RegularizerOf(SparsityOptions options) => options.Regularizer.ToLowerInvariant() switch
    {
        "none" => null,
        "l1" => new L1Regularizer(options.RegularizerStrength),
        "group-lasso" => new GroupLassoRegularizer(options.RegularizerStrength),
        "bn-l1" => new BatchNormScaleL1Regularizer(options.RegularizerStrength),
        _ => throw new SprigException($"unknown regularizer '{options.Regularizer}' (expected none, l1, group-lasso, bn-l1)"),
    };

    /// <summary>Checks an optional epoch flag.</summary>
    internal static void CheckEpoch(string flag, double? epoch)
    {
        if (epoch is { } e && !(e >= 0 && double.IsFinite(e)))
        {
            throw new SprigException($"{flag} must be an epoch >= 0, got {Format(e)}");
        }
    }

    /// <summary>The step of <paramref name="epoch"/>, which must lie within the run.</summary>
    internal static long StepWithinRun(TrainingSchedule run, double epoch, string flag)
    {
        if (epoch > run.Epochs)
        {
            throw new SprigException($"{flag} epoch {Format(epoch)} is after the end of the {run.Epochs}-epoch run");
        }

        return run.StepAt(epoch);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
