#:project ../src/Sprig/Sprig.csproj
#:property PublishAot=false
// Re-times a finished Chase run: the unshrunk masked model (the run's checkpoint) against its shrunk copy
// (<run>/shrunk), in alternating rounds so both see the same machine load, at batch 1 and 128, one kernel thread
// (the run's --threads). Also prints dense FLOPs and forward milliseconds per layer, to show where the time goes.
// Usage: dotnet run -c Release scripts/chase-remeasure.cs -- RUN_DIR [ROUNDS]
using System.Diagnostics;
using System.Globalization;
using Sprig.Metrics;
using Sprig.Nn;
using Sprig.Tensors;
using Sprig.Training;

const int Repeats = 20;
string run = args[0];
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
var quiet = new QuietObserver();
Module unshrunk = Trainer.Resume(run, quiet).Model;
Module shrunk = Trainer.Resume(Path.Combine(run, Trainer.ShrunkDirectory), quiet).Model;
int[] sample = [1, 28, 28];

ModelMetrics before = ModelMetrics.Measure(unshrunk, sample);
ModelMetrics after = ModelMetrics.Measure(shrunk, sample);
Console.WriteLine(FormattableString.Invariant($"dense FLOPs/image {before.DenseForwardFlops:N0} -> {after.DenseForwardFlops:N0} ({(double)after.DenseForwardFlops / before.DenseForwardFlops:F3}x)"));
foreach (LayerMetrics layer in before.Layers)
{
    LayerMetrics? shrunkLayer = after.Layers.FirstOrDefault(l => l.Name == layer.Name);
    Console.WriteLine(FormattableString.Invariant($"  {layer.Name,-12} [{string.Join("x", layer.WeightShape)}] -> [{string.Join("x", shrunkLayer?.WeightShape ?? [])}]  FLOPs {layer.DenseFlops,12:N0} -> {shrunkLayer?.DenseFlops ?? 0,12:N0}"));
}

if (unshrunk is Sequential unshrunkLayers && shrunk is Sequential shrunkLayers)
{
    double[] layerBefore = LayerMilliseconds(unshrunkLayers, sample, 128);
    double[] layerAfter = LayerMilliseconds(shrunkLayers, sample, 128);
    Console.WriteLine(FormattableString.Invariant($"forward ms per layer at batch 128 (median of {Repeats}): total {layerBefore.Sum():F1} -> {layerAfter.Sum():F1}"));
    for (int l = 0; l < layerBefore.Length; l++)
    {
        Console.WriteLine(FormattableString.Invariant($"  {l,3} {unshrunkLayers.Layers[l].GetType().Name,-14} {layerBefore[l],8:F2} -> {layerAfter[l],8:F2}"));
    }
}

var medians = new Dictionary<(bool Shrunk, int Batch), List<double>>();
for (int r = 0; r < rounds; r++)
{
    foreach (bool isShrunk in new[] { false, true })
    {
        foreach (LatencyMeasurement m in LatencyMeter.Measure(isShrunk ? shrunk : unshrunk, sample, LatencyMeter.DefaultBatches, Repeats))
        {
            if (!medians.TryGetValue((isShrunk, m.Batch), out List<double>? list))
            {
                medians[(isShrunk, m.Batch)] = list = [];
            }

            list.Add(m.MedianMilliseconds);
        }
    }
}

foreach (int batch in LatencyMeter.DefaultBatches)
{
    double unshrunkMs = Statistics.Median(medians[(false, batch)]);
    double shrunkMs = Statistics.Median(medians[(true, batch)]);
    IEnumerable<string> ratios = medians[(false, batch)].Zip(medians[(true, batch)], (u, s) => (u / s).ToString("F2", CultureInfo.InvariantCulture));
    Console.WriteLine(FormattableString.Invariant($"batch {batch,3}: unshrunk {unshrunkMs:F3} ms, shrunk {shrunkMs:F3} ms, speedup {unshrunkMs / shrunkMs:F2}x over {rounds} rounds (per round: {string.Join(", ", ratios)})"));
}

// Median forward milliseconds of each top-level layer, fed the previous layer's real output.
static double[] LayerMilliseconds(Sequential model, int[] sample, int batch)
{
    using var mode = new ModeScope(model, training: false);
    var rng = new Rng(0);
    var input = new Tensor([batch, .. sample]);
    for (int i = 0; i < input.Length; i++)
    {
        input.Data[i] = rng.NextGaussian();
    }

    double[][] times = new double[model.Layers.Count][];
    for (int l = 0; l < times.Length; l++)
    {
        times[l] = new double[Repeats];
    }

    for (int r = -2; r < Repeats; r++)
    {
        Tensor x = input;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            long start = Stopwatch.GetTimestamp();
            x = model.Layers[l].Forward(x);
            if (r >= 0)
            {
                times[l][r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
    }

    return [.. times.Select(t => Statistics.Median(t))];
}

/// <summary>Ignores training progress: the runs are only loaded, not trained.</summary>
internal sealed class QuietObserver : ITrainingObserver
{
    public void OnMessage(string message)
    {
    }

    public void OnEpochStart(int epoch, int epochs, int stepsPerEpoch, int firstStep)
    {
    }

    public void OnStep(int stepInEpoch, double loss, double accuracy, double samplesPerSecond)
    {
    }

    public void OnEpochEnd(EpochRecord record)
    {
    }
}
