using System.Globalization;
using Spectre.Console;
using Sprig.Training;

namespace Sprig.Cli;

/// <summary>
/// Shows training progress: a live bar (loss, accuracy, samples/s, ETA) on a terminal, or one plain line per epoch
/// when output is redirected or <c>--plain</c> is given.
/// </summary>
internal sealed class TrainingProgress : ITrainingObserver
{
    private readonly bool _live;
    private readonly System.Diagnostics.Stopwatch _sinceRedraw = System.Diagnostics.Stopwatch.StartNew();
    private int _epoch;
    private int _epochs;
    private int _stepsPerEpoch;
    private int _firstStep;
    private System.Diagnostics.Stopwatch _epochClock = new();

    private TrainingProgress(bool live) => _live = live;

    public static TrainingProgress Create(bool plain) =>
        new(!plain && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Ansi);

    public void OnMessage(string message) => Console.Error.WriteLine($"note: {message}");

    public void OnEpochStart(int epoch, int epochs, int stepsPerEpoch, int firstStep)
    {
        (_epoch, _epochs, _stepsPerEpoch, _firstStep) = (epoch, epochs, stepsPerEpoch, firstStep);
        _epochClock = System.Diagnostics.Stopwatch.StartNew();
    }

    public void OnStep(int stepInEpoch, double loss, double accuracy, double samplesPerSecond)
    {
        if (!_live || (_sinceRedraw.ElapsedMilliseconds < 200 && stepInEpoch < _stepsPerEpoch))
        {
            return;
        }

        _sinceRedraw.Restart();
        double done = (double)stepInEpoch / _stepsPerEpoch;
        int width = 30;
        int filled = (int)(done * width);
        double perStep = _epochClock.Elapsed.TotalSeconds / Math.Max(1, stepInEpoch - _firstStep);
        TimeSpan eta = TimeSpan.FromSeconds(perStep * (_stepsPerEpoch - stepInEpoch));
        string bar = new string('█', filled) + new string('░', width - filled);
        Console.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {_epoch}/{_epochs} {bar} {stepInEpoch}/{_stepsPerEpoch} loss {loss:F4} acc {accuracy:P1} {samplesPerSecond:F0} samples/s ETA {eta:mm\\:ss}   "));
    }

    public void OnEpochEnd(EpochRecord record)
    {
        if (_live)
        {
            Console.Write("\r" + new string(' ', 120) + "\r");
        }

        string val = record.ValidationAccuracy is { } v ? string.Create(CultureInfo.InvariantCulture, $" val {v:P2}") : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{_epochs}  loss {record.TrainLoss:F4}  train {record.TrainAccuracy:P2}{val}  test {record.TestAccuracy:P2}  sparsity {record.Sparsity:P1}  {record.Seconds:F1}s  {record.SamplesPerSecond:F0} samples/s"));
    }

    public void Finish(RunResults results, string runDirectory)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {results.Model} on {results.Dataset}, method {results.Method}, test accuracy {results.TestAccuracy:P2}, {results.NonzeroParameters:N0}/{results.Parameters:N0} nonzero parameters, {results.WallSeconds:F1}s; results in {runDirectory}"));
    }
}
