using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Sprig.Execution;
using Sprig.Kernels;
using Sprig.Models;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity.Masks;
using Sprig.Tensors;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary>
/// <c>sprig bench train --model M [--batch B] [--threads T] [--steps S] [--sparsity P --execution E]</c>: where a training
/// step's time goes. Runs S steps (forward, loss, backward, SGD with momentum and weight decay; with <c>--sparsity</c>,
/// random masks of that sparsity on every conv and linear weight, applied after each step, and the layers planned by
/// <c>--execution</c>) on a random 1×28×28 batch after warm-up steps
/// and prints one JSON line per top-level layer (median forward and backward milliseconds, wall and process CPU) and one
/// line for the whole step (wall and CPU milliseconds, bytes allocated on the calling thread per step). On a shared
/// machine the CPU milliseconds are the steadier number: they do not count time the process waited for a core.
/// </summary>
internal static class BenchTrainCommand
{
    private const int WarmupSteps = 5;
    private const int Classes = 10;

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model name (mlp, lenet5, cnn, resnet20, …).", DefaultValueFactory = _ => "cnn" };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 128 };
        var threads = new Option<int>("--threads") { Description = "Kernel threads.", DefaultValueFactory = _ => 2 };
        var steps = new Option<int>("--steps") { Description = "Timed steps; medians are reported.", DefaultValueFactory = _ => 20 };
        var sparsity = new Option<double>("--sparsity") { Description = "Random masks with this fraction of zeros on every conv and linear weight (0: no masks)." };
        var execution = new Option<string>("--execution") { Description = ExecutionOption.Description, DefaultValueFactory = _ => new TrainingOptions().Execution };
        var command = new Command("train", "Measure one training step of a model layer by layer (forward and backward milliseconds).")
        {
            model, batch, threads, steps, sparsity, execution,
        };
        command.SetAction(parse => Run(
            parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(steps), parse.GetValue(sparsity), ExecutionOption.Check(parse.GetValue(execution)!)));
        return command;
    }

    private static int Run(string modelName, int batch, int threads, int steps, double sparsity, string execution)
    {
        if (batch < 1 || threads < 1 || steps < 1)
        {
            throw new SprigException($"--batch, --threads and --steps must be at least 1, got {batch}, {threads} and {steps}.");
        }

        if (sparsity is < 0 or >= 1)
        {
            throw new SprigException($"--sparsity must be in [0, 1), got {sparsity}.");
        }

        KernelThreads.Count = threads;
        var rng = new Rng(0);
        Module model = ModelZoo.Create(modelName, 1, 28, 28, Classes, rng);
        (string Name, Module Layer)[] layers = model is Sequential ? [.. model.Children()] : [("model", model)];
        model.NeedsInputGradient = false;
        var optimizer = new Sgd(model.Parameters(), learningRate: 0.01f, momentum: 0.9f, weightDecay: 5e-4f);
        List<Parameter> masked = sparsity > 0 ? RandomMasks.Apply(model, sparsity, rng) : [];
        var planner = new ExecutionPlanner(model, Enum.Parse<ExecutionMode>(execution, ignoreCase: true));
        planner.Update(batch);
        var loss = new SoftmaxCrossEntropy();
        var images = new Tensor(batch, 1, 28, 28);
        foreach (ref float v in images.Span)
        {
            v = rng.NextGaussian();
        }

        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.NextInt(Classes);
        }

        var forward = new Timings(layers.Length, steps);
        var backward = new Timings(layers.Length, steps);
        var whole = new Timings(1, steps);
        long allocated = 0;
        for (int s = -WarmupSteps; s < steps; s++)
        {
            Mark stepStart = Mark.Now();
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            model.ZeroGrad();
            Tensor x = images;
            for (int i = 0; i < layers.Length; i++)
            {
                Mark t = Mark.Now();
                x = layers[i].Layer.Forward(x);
                forward.Record(i, s, t);
            }

            loss.Forward(x, labels);
            Tensor g = loss.Backward();
            for (int i = layers.Length - 1; i >= 0; i--)
            {
                Mark t = Mark.Now();
                g = layers[i].Layer.Backward(g);
                backward.Record(i, s, t);
            }

            optimizer.Step();
            foreach (Parameter p in masked)
            {
                p.ApplyMask();
            }

            allocated += s >= 0 ? GC.GetAllocatedBytesForCurrentThread() - bytesBefore : 0;
            whole.Record(0, s, stepStart);
        }

        for (int i = 0; i < layers.Length; i++)
        {
            Console.WriteLine(JsonSerializer.Serialize(
                new
                {
                    Model = modelName,
                    Layer = layers[i].Name,
                    Type = layers[i].Layer.GetType().Name,
                    ForwardMs = forward.MedianWall(i),
                    ForwardCpuMs = forward.MedianCpu(i),
                    BackwardMs = backward.MedianWall(i),
                    BackwardCpuMs = backward.MedianCpu(i),
                },
                s_json));
        }

        Console.WriteLine(JsonSerializer.Serialize(
            new
            {
                Model = modelName,
                Layer = "step",
                Batch = batch,
                Threads = threads,
                Steps = steps,
                Sparsity = sparsity,
                Execution = execution,
                SparseLayers = planner.Plans.Count(plan => plan.Sparse),
                StepMs = whole.MedianWall(0),
                CpuMs = whole.MedianCpu(0),
                AllocatedBytesPerStep = allocated / steps,
            },
            s_json));
        return 0;
    }

    /// <summary>A wall-clock and process-CPU timestamp.</summary>
    private readonly record struct Mark(long Ticks, TimeSpan Cpu)
    {
        public static Mark Now() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);
    }

    /// <summary>Wall and CPU milliseconds per (layer, step); warm-up steps (negative) are not recorded.</summary>
    private sealed class Timings(int layers, int steps)
    {
        private readonly double[,] _wall = new double[layers, steps];
        private readonly double[,] _cpu = new double[layers, steps];

        public void Record(int layer, int step, Mark start)
        {
            if (step >= 0)
            {
                _wall[layer, step] = Stopwatch.GetElapsedTime(start.Ticks).TotalMilliseconds;
                _cpu[layer, step] = (Environment.CpuUsage.TotalTime - start.Cpu).TotalMilliseconds;
            }
        }

        public double MedianWall(int layer) => Median(_wall, layer);

        public double MedianCpu(int layer) => Median(_cpu, layer);

        private static double Median(double[,] times, int layer)
        {
            var row = new double[times.GetLength(1)];
            for (int s = 0; s < row.Length; s++)
            {
                row[s] = times[layer, s];
            }

            Array.Sort(row);
            return Math.Round(row[row.Length / 2], 3);
        }
    }
}
