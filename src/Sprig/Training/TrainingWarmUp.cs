using System.Diagnostics;
using Sprig.Data;
using Sprig.Execution;
using Sprig.Kernels.Elementwise;
using Sprig.Models;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity.Masks;
using Sprig.Tensors;

namespace Sprig.Training;

/// <summary>
/// One training step of a throwaway copy of the run's model, on random data, on a background thread while the run
/// loads its data. Many kernels are compiled only when first called (ReadyToRun skips the ones marked for full
/// optimization and the ones over 512-bit vectors): the first step of mlp at 95% took 32–34 ms of a precompiled
/// build, while loading Fashion-MNIST (≈ 280 ms with building the model, mostly decompression on one core) left the
/// other core idle. The step has its own model, masks, optimizer and planner; it shares with the run only what
/// affects timing: the kernel threads (<see cref="Kernels.KernelThreads.Count"/>, set before it starts), their spin
/// state and the compiled code.
/// </summary>
internal static class TrainingWarmUp
{
    // Both of Sprig's datasets, Fashion-MNIST and the synthetic one, hold one-channel 28×28 images in 10 classes.
    private const int Channels = 1;
    private const int ImageSize = SyntheticDataset.ImageSize;
    private const int Classes = SyntheticDataset.ClassCount;

    // Keeps the throwaway step's memory small; a larger batch runs the same kernels (the fused backward pass of
    // sparse linear layers at any multiple of 128).
    private const int MaxBatch = 128;

    /// <summary>Starts the step; waiting on the task is optional, it never faults.</summary>
    public static Task Start(TrainingOptions options) => Task.Run(() =>
    {
        try
        {
            Step(options);
        }
        catch (Exception e)
        {
            // A failed warm-up only loses the time it took; the run itself reports any problem with its options.
            Debug.Fail($"warm-up step failed: {e}");
        }
    });

    /// <summary>The step itself, on the calling thread; returns its loss (tests).</summary>
    internal static float Step(TrainingOptions o)
    {
        var rng = new Rng((ulong)o.Seed ^ 0x5EED);
        Module model = ModelZoo.Create(o.Model, Channels, ImageSize, ImageSize, Classes, rng);
        if (o.Sparsity.Method != "dense" && o.Sparsity.Sparsity > 0)
        {
            RandomMasks.Apply(model, o.Sparsity.Sparsity, rng);
        }

        int batch = Math.Min(o.BatchSize, MaxBatch);
        int sampleSize = Channels * ImageSize * ImageSize;
        var pool = new float[batch * sampleSize];
        for (int i = 0; i < pool.Length; i++)
        {
            pool[i] = rng.Uniform(-1f, 1f);
        }

        // The data loader's batch copy, then the step as the trainer runs it.
        int[] rows = Enumerable.Range(0, batch).Reverse().ToArray();
        var images = new Tensor(batch, Channels, ImageSize, ImageSize);
        RowGather.Gather(pool, sampleSize, rows, images.Span);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % Classes).ToArray();
        Optimizer optimizer = OptimizerFactory.CreateOptimizer(o, model.Parameters());
        ILoss loss = Losses.Create(o.Loss, o.LabelSmoothing);
        var planner = new ExecutionPlanner(model, Enum.Parse<ExecutionMode>(o.Execution, ignoreCase: true));
        model.Train();
        model.ZeroGrad();
        planner.Update(batch);
        float value = loss.Forward(model.Forward(images), labels);
        model.Backward(loss.Backward());
        optimizer.Step();
        return value;
    }
}
