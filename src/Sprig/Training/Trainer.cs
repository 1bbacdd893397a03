using System.Diagnostics;
using System.Text.Json;
using Sprig.Data;
using Sprig.Execution;
using Sprig.Kernels;
using Sprig.Metrics;
using Sprig.Models;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Serialization;
using Sprig.Sparsity;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;

namespace Sprig.Training;

/// <summary>
/// Runs a training job end to end: data, model, optimizer, learning-rate schedule and sparsity method; evaluation
/// after every epoch; an atomic checkpoint at every epoch end (and every <see cref="TrainingOptions.CheckpointEvery"/>
/// steps); <c>metrics.jsonl</c> and <c>results.json</c> in the run directory. A resumed run continues from the last
/// checkpoint and reaches the same weights, bit for bit, as an uninterrupted run with the same seed and threads.
/// </summary>
public sealed class Trainer
{
    /// <summary>File name of the latest checkpoint inside a run directory.</summary>
    public const string CheckpointFile = "checkpoint.sprig";

    /// <summary>File name of the run summary.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>File name of the per-epoch metrics log (one JSON object per line).</summary>
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>The run subdirectory that holds the shrunk model of a method that shrinks at the end (Chase).</summary>
    public const string ShrunkDirectory = "shrunk";

    // Checkpoint entries of the sparsity method's tensor state start with this.
    private const string MethodPrefix = "method/";

    // Batch of the inference-throughput measurements of a shrink.
    private const int ThroughputBatch = 128;

    // Batches of 128 that data-dependent scores (SNIP, GraSP, …) average over before training.
    private const int ScoreBatchCount = 4;

    private readonly string _runDirectory;
    private readonly RunState _state;
    private readonly ITrainingObserver _observer;
    private readonly TrainingData _data;
    private readonly Module _model;
    private readonly Optimizer _optimizer;
    private readonly ILearningRateSchedule _learningRate;
    private readonly SparsityMethod _method;
    private readonly Rng _rng;
    private readonly ILoss _loss;
    private readonly TrainingSchedule _schedule;
    private readonly ExecutionPlanner _execution;

    private Trainer(string runDirectory, RunState state, ITrainingObserver observer, TrainingData data)
    {
        TrainingOptions o = state.Options;
        _runDirectory = runDirectory;
        _state = state;
        _observer = observer;
        _data = data;

        var initRng = new Rng((ulong)o.Seed);
        _rng = initRng.Fork();
        _model = ModelZoo.Create(o.Model, data.Channels, data.Height, data.Width, data.Classes, initRng);
        if (state.ChannelWidths is { } widths)
        {
            ChannelSurgery.Narrow(_model, widths);
        }
        _optimizer = OptimizerFactory.CreateOptimizer(o, _model.Parameters());
        _schedule = new TrainingSchedule(o.Epochs, data.StepsPerEpoch);
        _learningRate = OptimizerFactory.CreateSchedule(o, _schedule);
        _loss = Losses.Create(o.Loss, o.LabelSmoothing);
        _method = SparsityMethodFactory.Create(o.Sparsity);
        if (_method.NeedsGradientSource)
        {
            _method.GradientSource = new ScoreBatchGradients(_model, data.Train, ScoreBatchCount, Losses.Create(o.Loss));
        }

        _method.Attach(_model, _optimizer, _schedule, _rng);

        _execution = new ExecutionPlanner(_model, Enum.Parse<ExecutionMode>(o.Execution, ignoreCase: true));
    }

    /// <summary>The model being trained.</summary>
    public Module Model => _model;

    /// <summary>The number of epochs completed so far.</summary>
    public int EpochsDone => _state.EpochsDone;

    /// <summary>Prepares a new run in <paramref name="runDirectory"/> (created if needed; must not hold a checkpoint).</summary>
    /// <exception cref="SprigException">Invalid options, missing data, or a run directory that already holds a run.</exception>
    public static Trainer Create(TrainingOptions options, string runDirectory, ITrainingObserver observer)
    {
        if (File.Exists(Path.Combine(runDirectory, CheckpointFile)))
        {
            throw new SprigException($"{runDirectory} already holds a run; use --resume {runDirectory} to continue it or choose another --out");
        }

        Validate(options);
        KernelThreads.Count = options.Threads;
        Task warmUp = TrainingWarmUp.Start(options);
        TrainingData data = TrainingData.Load(options, observer);
        var state = new RunState { Options = options, DatasetUsed = data.Name };
        var trainer = new Trainer(runDirectory, state, observer, data);
        warmUp.Wait();
        return trainer;
    }

    /// <summary>Continues the run in <paramref name="runDirectory"/> from its last checkpoint.</summary>
    /// <param name="runDirectory">The run directory.</param>
    /// <param name="observer">Progress receiver.</param>
    /// <param name="epochs">A new total epoch count, or null to keep the original one.</param>
    /// <param name="execution">Another <see cref="TrainingOptions.Execution"/> (e.g. for evaluation), or null to keep the run's.</param>
    /// <param name="warmUp">Run a throwaway training step while the data loads (for a run that goes on training).</param>
    /// <exception cref="SprigException">No checkpoint, or an unreadable or corrupt one.</exception>
    public static Trainer Resume(string runDirectory, ITrainingObserver observer, int? epochs = null, string? execution = null, bool warmUp = false)
    {
        string path = Path.Combine(runDirectory, CheckpointFile);
        Checkpoint checkpoint = Checkpoint.Load(path);
        RunState state = ReadState(checkpoint, path);
        if (epochs is { } e)
        {
            state = state with { Options = state.Options with { Epochs = e } };
        }

        if (execution is not null)
        {
            state = state with { Options = state.Options with { Execution = execution } };
        }

        Validate(state.Options);
        KernelThreads.Count = state.Options.Threads;
        Task warmUpStep = warmUp ? TrainingWarmUp.Start(state.Options) : Task.CompletedTask;
        TrainingData data = TrainingData.Load(state.Options, observer);
        if (data.Name != state.DatasetUsed)
        {
            throw new SprigException($"{path}: the run trained on {state.DatasetUsed} but that data is not available now");
        }

        var trainer = new Trainer(runDirectory, state, observer, data);
        trainer.Restore(checkpoint, path);
        warmUpStep.Wait();
        return trainer;
    }

    /// <summary>Trains until the configured number of epochs and returns the results (also written to disk).</summary>
    public RunResults Run()
    {
        var wall = Stopwatch.StartNew();
        TrainingOptions o = _state.Options;
        for (int epoch = _state.EpochsDone + 1; epoch <= o.Epochs; epoch++)
        {
            TrainEpoch(epoch, wall);
            EpochRecord record = FinishEpoch(epoch);
            _state.History.Add(record);
            _state.EpochsDone = epoch;
            _state.StepInEpoch = 0;
            _state.EpochSums = new double[4];
            SaveCheckpoint(wall);
            AtomicFile.WriteText(Path.Combine(_runDirectory, MetricsFile), MetricsLog());
            _observer.OnEpochEnd(record);
        }

        _method.OnTrainingEnd();
        ShrinkReport? shrink = _method.ShrinksAtEnd ? Shrink(Path.Combine(_runDirectory, ShrunkDirectory), replace: true) : null;
        RunResults results = Results(wall) with { Shrink = shrink, ChannelSparsity = shrink?.ChannelSparsity };
        string json = JsonSerializer.Serialize(results, Json.Indented);
        AtomicFile.WriteText(Path.Combine(_runDirectory, ResultsFile), json);
        if (shrink is not null)
        {
            AtomicFile.WriteText(Path.Combine(_runDirectory, ShrunkDirectory, ResultsFile), json);
        }

        return results;
    }

    /// <summary>
    /// Removes the model's dead channels, recalibrates batch norm on the training data and writes the shrunk model as a
    /// new run in <paramref name="directory"/> (its checkpoint records the new widths and its masks stay fixed if
    /// training resumes); returns what changed. The model in this trainer is the shrunk one afterwards.
    /// </summary>
    /// <exception cref="SprigException">The directory holds a run, or the model cannot be shrunk.</exception>
    public ShrinkReport ShrinkInto(string directory)
    {
        ShrinkReport report = Shrink(directory, replace: false);
        RunResults results = Results(new Stopwatch()) with { Shrink = report, ChannelSparsity = report.ChannelSparsity };
        AtomicFile.WriteText(Path.Combine(directory, ResultsFile), JsonSerializer.Serialize(results, Json.Indented));
        return report;
    }

    private ShrinkReport Shrink(string directory, bool replace)
    {
        string path = Path.Combine(directory, CheckpointFile);
        if (!replace && File.Exists(path))
        {
            throw new SprigException($"{directory} already holds a run; choose another --out");
        }

        Tensor images = _data.Test.GetBatch(0, 0).Images;
        int perImage = images.Length / images.Dim(0);
        int batch = Math.Min(ThroughputBatch, images.Dim(0));
        int[] shape = images.ShapeArray();
        shape[0] = batch;
        var probe = new Tensor(images.Data.AsSpan(0, batch * perImage).ToArray(), shape);
        ShrinkReport report = ModelShrinker.Shrink(_model, probe, TrainingImages()) with { TestAccuracy = EvaluateTest() };

        var widths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ChannelWidth width in report.Widths)
        {
            widths[width.Name] = width.After;
        }

        // A shrunk model keeps its masks as they are: it resumes as a static sparse run (dense if it has none).
        bool masked = _model.Parameters().Any(p => p.Mask is not null);
        var fixedMasks = new SparsityOptions { Method = masked ? "static" : "dense", Sparsity = masked ? SparsityReport.Measure(_model).Sparsity : 0 };
        RunState state = _state with { Options = _state.Options with { Sparsity = fixedMasks }, ChannelWidths = widths, MethodState = [] };
        Directory.CreateDirectory(directory);
        WriteCheckpoint(state, path, methodTensors: new Dictionary<string, Tensor>());
        return report;
    }

    private IEnumerable<Tensor> TrainingImages()
    {
        foreach (DataBatch batch in _data.Train.Epoch(0))
        {
            yield return batch.Images;
        }
    }

    /// <summary>The first few training batches (as data-dependent scores use them), in a fixed order.</summary>
    public IEnumerable<DataBatch> ScoreBatches()
    {
        for (int b = 0; b < Math.Min(ScoreBatchCount, _data.Train.BatchesPerEpoch); b++)
        {
            yield return _data.Train.GetBatch(0, b);
        }
    }

    /// <summary>Accuracy of the current model on the test set.</summary>
    public double EvaluateTest() => Evaluate(_data.Test);

    private void TrainEpoch(int epoch, Stopwatch wall)
    {
        TrainingOptions o = _state.Options;
        int steps = _data.StepsPerEpoch;
        double[] sums = _state.EpochSums;
        _observer.OnEpochStart(epoch, o.Epochs, steps, _state.StepInEpoch);
        _model.Train();
        var clock = Stopwatch.StartNew();
        double secondsBefore = sums[3];
        foreach (DataBatch batch in _data.Train.Epoch(epoch - 1, _state.StepInEpoch))
        {
            long step = _state.GlobalStep;
            _optimizer.LearningRate = _learningRate.At(step, _schedule);
            _model.ZeroGrad();
            // Gradient-based scores and growth need the weight gradient at pruned positions too, which only dense
            // execution computes; methods that need it on some steps only run the others on the sparse kernels.
            _execution.Update(o.BatchSize, !_method.MasksFixedAfterAttach, dense: _method.NeedsDenseGradientAt(step));
            Tensor logits = _model.Forward(batch.Images);
            float loss = _loss.Forward(logits, batch.Labels);
            if (!float.IsFinite(loss))
            {
                if (o.OnNan == "skip-batch")
                {
                    _observer.OnMessage($"skipped a batch with a non-finite loss at epoch {epoch}, step {_state.StepInEpoch + 1}");
                    AdvanceStep();
                    continue;
                }

                throw new SprigException($"loss became {loss} at epoch {epoch}, step {_state.StepInEpoch + 1}; {LastGoodCheckpoint()} (try a lower --lr, or --on-nan skip-batch)");
            }

            _model.Backward(_loss.Backward());
            if (_method.BeforeOptimizerStep(step))
            {
                _optimizer.Step();
            }

            _method.AfterOptimizerStep(step);
            int n = batch.Labels.Length;
            sums[0] += (double)loss * n;
            sums[1] += SoftmaxCrossEntropy.CountCorrect(logits, batch.Labels);
            sums[2] += n;
            sums[3] = secondsBefore + clock.Elapsed.TotalSeconds;
            AdvanceStep();
            _observer.OnStep(_state.StepInEpoch, sums[0] / sums[2], sums[1] / sums[2], sums[2] / sums[3]);
            if (o.CheckpointEvery > 0 && _state.GlobalStep % o.CheckpointEvery == 0 && _state.StepInEpoch < steps)
            {
                SaveCheckpoint(wall);
                clock.Restart();
                secondsBefore = sums[3];
            }
        }
    }

    private void AdvanceStep()
    {
        _state.GlobalStep++;
        _state.StepInEpoch++;
    }

    private EpochRecord FinishEpoch(int epoch)
    {
        GuardParameters(epoch);
        _method.OnEpochEnd(epoch);
        double[] sums = _state.EpochSums;
        double? validation = _data.Validation is { } v ? Evaluate(v) : null;
        if (validation is { } accuracy)
        {
            _method.OnValidated(epoch, accuracy);
        }
        double test = Evaluate(_data.Test);
        double samples = Math.Max(1, sums[2]);
        return new EpochRecord(
            epoch,
            _state.GlobalStep,
            sums[0] / samples,
            sums[1] / samples,
            validation,
            test,
            _optimizer.LearningRate,
            sums[3],
            sums[2] / Math.Max(1e-9, sums[3]),
            SparsityReport.Measure(_model).Sparsity,
            _method.DrainEvents());
    }

    private double Evaluate(DataLoader set)
    {
        // As the next training step will run, so that methods that always need the dense gradient evaluate dense too.
        _execution.Update(_state.Options.BatchSize, !_method.MasksFixedAfterAttach, dense: _method.NeedsDenseGradientAt(_state.GlobalStep));
        using var mode = new ModeScope(_model, training: false);
        int correct = 0;
        foreach (DataBatch batch in set.Epoch(0))
        {
            correct += SoftmaxCrossEntropy.CountCorrect(_model.Forward(batch.Images), batch.Labels);
        }

        return set.Dataset.Count == 0 ? 0 : (double)correct / set.Dataset.Count;
    }

    private void GuardParameters(int epoch)
    {
        foreach (var (name, p) in _model.NamedParameters())
        {
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(p.Value.Span)))
            {
                throw new SprigException($"parameter '{name}' became NaN or infinite in epoch {epoch}; {LastGoodCheckpoint()}");
            }
        }
    }

    private string LastGoodCheckpoint() =>
        File.Exists(Path.Combine(_runDirectory, CheckpointFile))
            ? $"the last good checkpoint is kept in {_runDirectory}"
            : "no checkpoint had been saved yet";

    private RunResults Results(Stopwatch wall)
    {
        TrainingOptions o = _state.Options;
        IReadOnlyList<EpochRecord> h = _state.History;
        var layers = SparsityReport.Measure(_model).Layers;
        ModelMetrics metrics = ModelMetrics.Measure(_model, [_data.Channels, _data.Height, _data.Width], FormatAdvisorStorage.Instance);

        return new RunResults
        {
            Model = o.Model,
            Dataset = _state.DatasetUsed,
            Method = _method.Name,
            Sparsity = _method.TargetSparsity,
            Epochs = _state.EpochsDone,
            Seed = o.Seed,
            Threads = o.Threads,
            TestAccuracy = h.Count > 0 ? h[^1].TestAccuracy : EvaluateTest(),
            BestValAccuracy = h.Any(r => r.ValidationAccuracy is not null) ? h.Max(r => r.ValidationAccuracy) : null,
            WallSeconds = _state.WallSeconds + wall.Elapsed.TotalSeconds,
            EpochSeconds = h.Select(r => r.Seconds).ToList(),
            TrainLoss = h.Select(r => r.TrainLoss).ToList(),
            TestAccuracyPerEpoch = h.Select(r => r.TestAccuracy).ToList(),
            ValAccuracyPerEpoch = h.Where(r => r.ValidationAccuracy is not null).Select(r => r.ValidationAccuracy!.Value).ToList(),
            Parameters = metrics.Parameters,
            NonzeroParameters = metrics.Nonzeros,
            Layers = layers,
            Metrics = metrics,
            Config = o,
        };
    }

    private string MetricsLog() =>
        string.Concat(_state.History.Select(r => JsonSerializer.Serialize(r, Json.Compact) + "\n"));

    private void SaveCheckpoint(Stopwatch wall)
    {
        _state.TrainingRng = _rng.GetState();
        _state.MethodState = _method.SaveState().ToDictionary();
        double wallBefore = _state.WallSeconds;
        _state.WallSeconds = wallBefore + wall.Elapsed.TotalSeconds;
        WriteCheckpoint(_state, Path.Combine(_runDirectory, CheckpointFile), _method.SaveTensors());
        _state.WallSeconds = wallBefore;
    }

    private void WriteCheckpoint(RunState state, string path, IReadOnlyDictionary<string, Tensor> methodTensors)
    {
        var checkpoint = new Checkpoint { Metadata = JsonSerializer.Serialize(state, Json.Compact) };
        foreach (var (name, tensor) in _model.StateDict())
        {
            checkpoint.Tensors[$"model/{name}"] = tensor;
        }

        foreach (var (name, p) in _model.NamedParameters())
        {
            if (p.Mask is { } mask)
            {
                checkpoint.Masks[$"mask/{name}"] = new Tensor(mask, p.Value.ShapeArray());
            }

            foreach (var (stateName, buffer) in _optimizer.StateOf(p))
            {
                checkpoint.Tensors[$"optim/{name}/{stateName}"] = new Tensor(buffer, buffer.Length);
            }
        }

        foreach (var (name, tensor) in methodTensors)
        {
            checkpoint.Tensors[MethodPrefix + name] = tensor;
        }

        checkpoint.Tensors["optim/step"] = new Tensor([(float)_optimizer.StepCount], 1);
        checkpoint.Save(path);
    }

    private static RunState ReadState(Checkpoint checkpoint, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunState>(checkpoint.Metadata, Json.Compact)
                ?? throw new SprigException($"{path}: checkpoint has no run state");
        }
        catch (JsonException e)
        {
            throw new SprigException($"{path}: checkpoint run state is unreadable: {e.Message}", e);
        }
    }

    private void Restore(Checkpoint checkpoint, string path)
    {
        var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var method = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in checkpoint.Tensors)
        {
            if (name.StartsWith("model/", StringComparison.Ordinal))
            {
                model[name["model/".Length..]] = tensor;
            }
            else if (name.StartsWith(MethodPrefix, StringComparison.Ordinal))
            {
                method[name[MethodPrefix.Length..]] = tensor;
            }
        }

        try
        {
            _model.LoadStateDict(model);
        }
        catch (SprigException e)
        {
            throw new SprigException($"{path}: {e.Message}", e);
        }

        foreach (var (name, p) in _model.NamedParameters())
        {
            p.Mask = checkpoint.Masks.TryGetValue($"mask/{name}", out Tensor? mask) ? mask.Data : null;
            foreach (var (key, tensor) in checkpoint.Tensors)
            {
                string prefix = $"optim/{name}/";
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    float[] buffer = _optimizer.State(p, key[prefix.Length..]);
                    if (buffer.Length != tensor.Length)
                    {
                        throw new SprigException($"{path}: optimizer state '{key}' does not fit parameter '{name}'");
                    }

                    tensor.Span.CopyTo(buffer);
                }
            }
        }

        _optimizer.StepCount = checkpoint.Tensors.TryGetValue("optim/step", out Tensor? step) ? (long)step.Data[0] : 0;
        _rng.SetState(_state.TrainingRng);
        _method.LoadTensors(method);
        _method.LoadState(_state.MethodState);
    }

    private static void Validate(TrainingOptions o)
    {
        Require(o.Epochs >= 1, $"--epochs must be at least 1, got {o.Epochs}");
        Require(o.BatchSize >= 1, $"--batch must be at least 1, got {o.BatchSize}");
        Require(o.LearningRate > 0 && float.IsFinite(o.LearningRate), $"--lr must be a positive number, got {o.LearningRate}");
        Require(o.Momentum is >= 0 and < 1, $"--momentum must be in [0, 1), got {o.Momentum}");
        Require(o.WeightDecay >= 0, $"--weight-decay must be non-negative, got {o.WeightDecay}");
        Require(o.ValidationSplit is >= 0 and < 1, $"--val-split must be in [0, 1), got {o.ValidationSplit}");
        Require(o.Threads is >= 1 and <= 64, $"--threads must be between 1 and 64, got {o.Threads}");
        Require(o.TrainLimit >= 0 && o.TestLimit >= 0, "--train-limit and --test-limit must be non-negative");
        Require(o.CheckpointEvery >= 0, $"--checkpoint-every must be non-negative, got {o.CheckpointEvery}");
        Require(o.OnNan is "stop" or "skip-batch", $"--on-nan must be stop or skip-batch, got '{o.OnNan}'");
        Require(Losses.Names.Contains(o.Loss), $"--loss must be one of {string.Join(", ", Losses.Names)}, got '{o.Loss}'");
        Require(o.LabelSmoothing == 0 || o.Loss == Losses.CrossEntropy, $"--label-smoothing applies to the {Losses.CrossEntropy} loss only");
        Require(o.Execution is "dense" or "sparse" or "auto", $"--execution must be dense, sparse or auto, got '{o.Execution}'");
        Require(o.WarmupEpochs >= 0 && o.WarmupEpochs < o.Epochs + 1, $"--warmup-epochs must be between 0 and --epochs, got {o.WarmupEpochs}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SprigException(message);
        }
    }
}
