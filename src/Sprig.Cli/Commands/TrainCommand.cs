using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Sprig.Metrics;
using Sprig.Recipes;
using Sprig.Serialization;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig train</c>: trains a model, optionally sparse, and writes results, metrics and checkpoints.</summary>
internal static class TrainCommand
{
    // Flags whose recipe key is not the flag's own name in snake_case.
    private static readonly Dictionary<string, string> s_flagKeys = new(StringComparer.Ordinal)
    {
        ["--data"] = "data_directory",
        ["--batch"] = "batch_size",
        ["--lr"] = "learning_rate",
        ["--lr-schedule"] = "learning_rate_schedule",
        ["--val-split"] = "validation_split",
        ["--sparsity"] = "sparsity.sparsity",
        ["--prune-start"] = "sparsity.prune_start_epoch",
        ["--prune-end"] = "sparsity.prune_end_epoch",
    };

    public static Command Create()
    {
        var d = new TrainingOptions();
        var model = new Option<string>("--model") { Description = $"Model: {string.Join(", ", Sprig.Models.ModelZoo.Names)}.", DefaultValueFactory = _ => d.Model };
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist (IDX files; falls back to synthetic when absent) or synthetic.", DefaultValueFactory = _ => d.Dataset };
        var data = new Option<string?>("--data") { Description = "Directory with the IDX files (default: $SPRIG_DATA, then /usr/share/datasets/fashion-mnist)." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd or adamw.", DefaultValueFactory = _ => d.Optimizer };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum.", DefaultValueFactory = _ => d.Momentum };
        var nesterov = new Option<bool>("--nesterov") { Description = "Use Nesterov momentum." };
        var weightDecay = new Option<float>("--weight-decay") { Description = "Weight decay (L2 for SGD, decoupled for AdamW).", DefaultValueFactory = _ => d.WeightDecay };
        var schedule = new Option<string>("--lr-schedule") { Description = "constant, step, multistep or cosine.", DefaultValueFactory = _ => d.LearningRateSchedule };
        var stepEpochs = new Option<int>("--step-epochs") { Description = "Epochs between decays for --lr-schedule step.", DefaultValueFactory = _ => d.StepEpochs };
        var milestones = new Option<int[]>("--milestones") { Description = "Epochs at which --lr-schedule multistep decays, e.g. --milestones 80 120.", AllowMultipleArgumentsPerToken = true };
        var gamma = new Option<float>("--gamma") { Description = "Decay factor for step and multistep schedules.", DefaultValueFactory = _ => d.Gamma };
        var warmup = new Option<int>("--warmup-epochs") { Description = "Epochs of linear learning-rate warm-up.", DefaultValueFactory = _ => d.WarmupEpochs };
        var loss = new Option<string>("--loss") { Description = $"Loss: {string.Join(" or ", Sprig.Nn.Losses.Names)} (softmax, or sigmoid outputs with one binary cross-entropy per class).", DefaultValueFactory = _ => d.Loss };
        var smoothing = new Option<float>("--label-smoothing") { Description = "Label smoothing of the loss, in [0, 1).", DefaultValueFactory = _ => d.LabelSmoothing };
        var valSplit = new Option<double>("--val-split") { Description = "Fraction of the training set held out for validation.", DefaultValueFactory = _ => d.ValidationSplit };
        var augment = new Option<bool>("--augment") { Description = "Random crop (padding 2) and horizontal flip." };
        var trainLimit = new Option<int>("--train-limit") { Description = "Use only the first N training images (0 = all).", DefaultValueFactory = _ => d.TrainLimit };
        var testLimit = new Option<int>("--test-limit") { Description = "Use only the first N test images (0 = all).", DefaultValueFactory = _ => d.TestLimit };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => d.Seed };
        var threads = new Option<int>("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => d.Threads };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Also checkpoint every N steps (0 = at epoch ends only).", DefaultValueFactory = _ => d.CheckpointEvery };
        var onNan = new Option<string>("--on-nan") { Description = "When the loss or a weight is NaN/Inf: stop (keep the last good checkpoint) or skip-batch.", DefaultValueFactory = _ => d.OnNan };
        var output = new Option<string?>("--out") { Description = "Run directory (default runs/<timestamp>)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this directory from its last checkpoint." };
        var execution = new Option<string>("--execution") { Description = ExecutionOption.Description, DefaultValueFactory = _ => d.Execution };
        var plain = new Option<bool>("--plain") { Description = "One line per epoch instead of a progress bar (automatic when output is not a terminal)." };
        var recipe = new Option<string?>("--recipe") { Description = "YAML recipe (see recipes/); flags given explicitly override its values." };
        var measure = new Option<bool>("--measure") { Description = "After training, time inference at batch 1 and 128 (median of 20) into results.json." };

        var command = new Command("train", "Train a model (dense or sparse) and write results.json, metrics.jsonl and a checkpoint into the run directory.")
        {
            model, dataset, data, epochs, batch, lr, optimizer, momentum, nesterov, weightDecay, schedule, stepEpochs, milestones,
            gamma, warmup, loss, smoothing, valSplit, augment, trainLimit, testLimit, seed, threads, checkpointEvery, onNan, output, resume, plain, execution,
            recipe, measure,
        };

        var sparsity = new SparsityFlags();
        sparsity.AddTo(command);

        command.SetAction(parse =>
        {
            string? resumeDir = parse.GetValue(resume);
            var options = new TrainingOptions
            {
                Model = parse.GetValue(model)!,
                Dataset = parse.GetValue(dataset)!,
                DataDirectory = parse.GetValue(data),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                Optimizer = parse.GetValue(optimizer)!,
                Momentum = parse.GetValue(momentum),
                Nesterov = parse.GetValue(nesterov),
                WeightDecay = parse.GetValue(weightDecay),
                LearningRateSchedule = parse.GetValue(schedule)!,
                StepEpochs = parse.GetValue(stepEpochs),
                Milestones = parse.GetValue(milestones) ?? [],
                Gamma = parse.GetValue(gamma),
                WarmupEpochs = parse.GetValue(warmup),
                Loss = parse.GetValue(loss)!,
                LabelSmoothing = parse.GetValue(smoothing),
                ValidationSplit = parse.GetValue(valSplit),
                Augment = parse.GetValue(augment),
                TrainLimit = parse.GetValue(trainLimit),
                TestLimit = parse.GetValue(testLimit),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                OnNan = parse.GetValue(onNan)!,
                Execution = parse.GetValue(execution)!,
                Sparsity = sparsity.Read(parse),
            };

            if (parse.GetValue(recipe) is { } recipePath)
            {
                if (resumeDir is not null)
                {
                    throw new SprigException("--recipe cannot be combined with --resume: a resumed run keeps the configuration stored in its checkpoint");
                }

                options = Recipe.Override(Recipe.Load(recipePath), options, GivenRecipeKeys(parse));
            }

            string runDir = resumeDir ?? parse.GetValue(output) ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
            var progress = TrainingProgress.Create(parse.GetValue(plain));
            var trainer = resumeDir is null ? Trainer.Create(options, runDir, progress) : Trainer.Resume(runDir, progress, parse.GetResult(epochs) is { Implicit: false } ? parse.GetValue(epochs) : null, warmUp: true);
            RunResults results = trainer.Run();
            if (parse.GetValue(measure) && results.Metrics is { } metrics)
            {
                results = results with { Latency = LatencyMeter.Measure(trainer.Model, metrics.InputShape, LatencyMeter.DefaultBatches, repeats: 20) };
                AtomicFile.WriteText(Path.Combine(runDir, Trainer.ResultsFile), JsonSerializer.Serialize(results, Json.Indented));
            }

            progress.Finish(results, runDir);
            return 0;
        });
        return command;
    }

    /// <summary>The recipe keys of the flags given explicitly on the command line (not filled in from defaults).</summary>
    private static IEnumerable<string> GivenRecipeKeys(ParseResult parse)
    {
        var keys = Recipe.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (OptionResult given in parse.CommandResult.Children.OfType<OptionResult>().Where(r => !r.Implicit))
        {
            string name = given.Option.Name;
            string key = s_flagKeys.GetValueOrDefault(name) ?? name.TrimStart('-').Replace('-', '_');
            if (keys.Contains(key))
            {
                yield return key;
            }
            else if (keys.Contains($"sparsity.{key}"))
            {
                yield return $"sparsity.{key}";
            }
        }
    }
}
