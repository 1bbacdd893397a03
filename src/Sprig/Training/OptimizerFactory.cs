using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;

namespace Sprig.Training;

/// <summary>Builds the optimizer and the learning-rate schedule that a <see cref="TrainingOptions"/> names.</summary>
public static class OptimizerFactory
{
    /// <summary>The optimizer names <see cref="CreateOptimizer"/> accepts.</summary>
    public static IReadOnlyList<string> OptimizerNames { get; } = ["sgd", "adamw"];

    /// <summary>The schedule names <see cref="CreateSchedule"/> accepts.</summary>
    public static IReadOnlyList<string> ScheduleNames { get; } = ["constant", "step", "multistep", "cosine"];

    /// <summary>The optimizer of the options over <paramref name="parameters"/>.</summary>
    /// <exception cref="SprigException">Unknown optimizer name.</exception>
    public static Optimizer CreateOptimizer(TrainingOptions options, IReadOnlyList<Parameter> parameters) => options.Optimizer switch
    {
        "sgd" => new Sgd(parameters, options.LearningRate, options.Momentum, options.WeightDecay, options.Nesterov),
        "adamw" => new AdamW(parameters, options.LearningRate, weightDecay: options.WeightDecay),
        _ => throw new SprigException($"unknown optimizer '{options.Optimizer}'; choose one of {string.Join(", ", OptimizerNames)}"),
    };

    /// <summary>The learning-rate schedule of the options, with its warm-up in front.</summary>
    /// <exception cref="SprigException">Unknown schedule name or invalid schedule values.</exception>
    public static ILearningRateSchedule CreateSchedule(TrainingOptions options, TrainingSchedule run)
    {
        ILearningRateSchedule schedule = options.LearningRateSchedule switch
        {
            "constant" => new ConstantSchedule(options.LearningRate),
            "step" => new StepSchedule(options.LearningRate, options.StepEpochs, options.Gamma),
            "multistep" => new MultiStepSchedule(options.LearningRate, options.Milestones, options.Gamma),
            "cosine" => new CosineSchedule(options.LearningRate),
            _ => throw new SprigException($"unknown learning-rate schedule '{options.LearningRateSchedule}'; choose one of {string.Join(", ", ScheduleNames)}"),
        };
        return options.WarmupEpochs > 0 ? new WarmupSchedule(schedule, (long)options.WarmupEpochs * run.StepsPerEpoch) : schedule;
    }
}
