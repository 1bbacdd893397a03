using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Methods;

namespace Sprig.Sparsity.Dst;

/// <summary>Builds the dynamic sparse methods from <see cref="SparsityOptions"/> with each method's reference defaults.</summary>
internal static class DynamicSparseFactory
{
    private const int DefaultUpdateEvery = 100;

    public static SparsityMethod Create(string method, SparsityOptions options)
    {
        if (options.Granularity != "element" || options.NM is not null || options.Score is not null || options.Regularizer != "none")
        {
            throw new SprigException($"the {method} method is unstructured and ranks by its own rule; drop --granularity, --nm, --score and --regularizer");
        }

        if (options.Sparsity == 0 && options.SetEpsilon is null)
        {
            throw new SprigException($"the {method} method trains a sparse network; give --sparsity > 0{(method == "set" ? " or --set-epsilon" : "")}");
        }

        if (options.Redistribution is not null && method != "snfs")
        {
            throw new SprigException($"--redistribution applies to snfs only, not {method}");
        }

        return method switch
        {
            "set" => new SetMethod(options.Sparsity, SparsityMethodFactory.BudgetOf(options, "er"), Settings(options, method, 0.3, 1.0, GrowthMode.Random)),
            "rigl" => new RigLMethod(options.Sparsity, SparsityMethodFactory.BudgetOf(options, "erk"), Settings(options, method, 0.3, 0.75, GrowthMode.Gradient)),
            "snfs" => new SnfsMethod(options.Sparsity, SparsityMethodFactory.BudgetOf(options, "uniform"), Settings(options, method, 0.5, 1.0, GrowthMode.Momentum), Redistribute(options)),
            "granet" => GraNet(options),
            "mest" => new MestMethod(options.Sparsity, SparsityMethodFactory.BudgetOf(options, "erk"), Settings(options, method, 0.05, 0.75, GrowthMode.Gradient)),
            _ => SRigL(options),
        };
    }

    private static DstSettings Settings(SparsityOptions options, string method, double dropFraction, double updateEnd, GrowthMode growth) => new(
        options.UpdateEvery ?? DefaultUpdateEvery,
        options.DropFraction ?? dropFraction,
        options.UpdateEnd ?? updateEnd,
        options.Growth is { } name ? ParseGrowth(name, method) : growth,
        options.RegrowStd);

    private static GrowthMode ParseGrowth(string name, string method) => name.ToLowerInvariant() switch
    {
        "random" => GrowthMode.Random,
        // SET and SNFS update at epoch ends, where no step has taken the dense gradient.
        "gradient" when method is "set" or "snfs" => throw new SprigException($"--growth gradient does not apply to {method}, which updates at epoch ends (use random or momentum)"),
        "gradient" => GrowthMode.Gradient,
        "momentum" => GrowthMode.Momentum,
        _ => throw new SprigException($"unknown --growth '{name}' for {method} (expected random, gradient, momentum)"),
    };

    private static bool Redistribute(SparsityOptions options) => (options.Redistribution ?? "momentum").ToLowerInvariant() switch
    {
        "momentum" => true,
        "none" => false,
        _ => throw new SprigException($"unknown --redistribution '{options.Redistribution}' (expected none, momentum)"),
    };

    private static GraNetMethod GraNet(SparsityOptions options)
    {
        double initial = options.InitialSparsity ?? 0.5;
        if (!(initial >= 0 && initial <= options.Sparsity))
        {
            throw new SprigException($"granet's --initial-sparsity must be in [0, --sparsity {options.Sparsity:R}], got {initial:R}");
        }

        double? start = options.PruneStartEpoch;
        double? end = options.PruneEndEpoch;
        SparsityMethodFactory.CheckEpoch("--prune-start", start);
        SparsityMethodFactory.CheckEpoch("--prune-end", end);
        return new GraNetMethod(options.Sparsity, initial, SparsityMethodFactory.BudgetOf(options, "erk"),
            new GlobalBudget(options.KeepFirstDense, options.KeepLastDense), Settings(options, "granet", 0.5, 1.0, GrowthMode.Gradient),
            run => (SparsityMethodFactory.StepWithinRun(run, start ?? 0, "--prune-start"), SparsityMethodFactory.StepWithinRun(run, end ?? (0.5 * run.Epochs), "--prune-end")));
    }

    private static SRigLMethod SRigL(SparsityOptions options)
    {
        if (options.Growth is { } growth && growth != "gradient")
        {
            throw new SprigException($"srigl grows by gradient; drop --growth {growth}");
        }

        if (!(options.MinSalientFraction is >= 0 and <= 1))
        {
            throw new SprigException($"--min-salient must be in [0, 1], got {options.MinSalientFraction:R}");
        }

        return new SRigLMethod(options.Sparsity, SparsityMethodFactory.BudgetOf(options, "erk"), Settings(options, "srigl", 0.3, 0.75, GrowthMode.Gradient), options.MinSalientFraction);
    }
}
