using System.Runtime.InteropServices;
using System.Text.Json;
using Sprig.Data;
using Sprig.Kernels;
using Sprig.Models;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;
using Sprig.Training;

namespace Sprig.Benchmarks.Parity;

/// <summary>
/// Writes what a PyTorch peer needs to train from exactly where Sprig starts: the initial weights and the sample
/// order of <c>sprig train --model M --seed S</c> (same generator forks, same loader), then trains N steps with the
/// trainer's components (model, SGD, loss, batches) and records the loss of every step. At the chosen steps it also
/// writes the weights, gradients and momentum before the update and the weights after it, so
/// <c>benchmarks/peers/torch_parity.py</c> can compare one step of both frameworks from identical state.
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- parity MODEL SEED STEPS OUT [STEP,STEP,…]</c>.
/// </summary>
internal static class PeerParityDump
{
    private const int Epochs = 3;

    /// <summary>Runs the dump with the command-line arguments after <c>parity</c>.</summary>
    public static void Run(string[] args)
    {
        if (args.Length is < 4 or > 5)
        {
            throw new SprigException("usage: parity MODEL SEED STEPS OUT [STEP,STEP,...]");
        }

        string model = args[0];
        int seed = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
        int steps = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        string output = args[3];
        HashSet<int> dumpAt = args.Length == 5 ? [.. args[4].Split(',').Select(int.Parse)] : [];
        Directory.CreateDirectory(output);
        KernelThreads.Count = 1;

        var options = new TrainingOptions { Model = model, Epochs = Epochs, Threads = 1, Seed = seed };
        TrainingData data = TrainingData.Load(options, new ConsoleObserver());

        // The trainer's order of draws: the training stream is forked off first, then the model is initialised.
        var initRng = new Rng((ulong)seed);
        initRng.Fork();
        Module network = ModelZoo.Create(model, data.Channels, data.Height, data.Width, data.Classes, initRng);
        Optimizer optimizer = OptimizerFactory.CreateOptimizer(options, network.Parameters());
        var loss = new SoftmaxCrossEntropy();

        WriteMeta(output, network, data);
        WriteTensors(Path.Combine(output, "init"), network, p => p.Value.Span);
        WriteOrder(output, data.Train);

        using var log = new StreamWriter(Path.Combine(output, "sprig_steps.txt"));
        network.Train();
        int step = 0;
        for (int epoch = 0; epoch < Epochs && step < steps; epoch++)
        {
            foreach (DataBatch batch in data.Train.Epoch(epoch))
            {
                if (step >= steps)
                {
                    break;
                }

                network.ZeroGrad();
                float value = loss.Forward(network.Forward(batch.Images), batch.Labels);
                network.Backward(loss.Backward());
                if (dumpAt.Contains(step))
                {
                    WriteTensors(Path.Combine(output, $"w{step}"), network, p => p.Value.Span);
                    WriteTensors(Path.Combine(output, $"g{step}"), network, p => p.Grad.Span);
                    WriteTensors(Path.Combine(output, $"m{step}"), network, p => optimizer.State(p, "momentum"));
                }

                optimizer.Step();
                if (dumpAt.Contains(step))
                {
                    WriteTensors(Path.Combine(output, $"a{step}"), network, p => p.Value.Span);
                }

                log.WriteLine(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                step++;
            }
        }
    }

    private static void WriteMeta(string output, Module network, TrainingData data)
    {
        Normalization normalization = data.Train.Dataset.Normalization!;
        var meta = new
        {
            parameters = network.NamedParameters().Select(x => new { name = x.Name, shape = x.Parameter.Value.ShapeArray() }).ToArray(),
            mean = normalization.Mean,
            std = normalization.Std,
            steps_per_epoch = data.StepsPerEpoch,
        };
        File.WriteAllText(Path.Combine(output, "meta.json"), JsonSerializer.Serialize(meta));
    }

    private static void WriteTensors(string directory, Module network, Func<Parameter, Span<float>> select)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, parameter) in network.NamedParameters())
        {
            File.WriteAllBytes(Path.Combine(directory, name + ".bin"), MemoryMarshal.AsBytes(select(parameter)).ToArray());
        }
    }

    /// <summary>The sample index of every position of every epoch, as int32, epochs one after another.</summary>
    private static void WriteOrder(string output, DataLoader train)
    {
        using FileStream order = File.Create(Path.Combine(output, "order.bin"));
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int b = 0; b < train.BatchesPerEpoch; b++)
            {
                DataBatch batch = train.GetBatch(epoch, b);
                order.Write(MemoryMarshal.AsBytes(batch.SampleIndices.AsSpan(0, batch.Count)));
            }
        }
    }

    private sealed class ConsoleObserver : ITrainingObserver
    {
        public void OnMessage(string message) => Console.Error.WriteLine(message);

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
}
