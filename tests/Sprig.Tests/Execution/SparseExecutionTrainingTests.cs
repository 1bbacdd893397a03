using Sprig.Nn;
using Sprig.Sparsity;
using Sprig.Tests.Reporting;
using Sprig.Training;

namespace Sprig.Tests.Execution;

/// <summary>
/// Whole training runs on the sparse kernels end with the weights of the same runs on dense masked kernels, with every
/// pruned weight still exactly zero (the masks are not re-applied to sparse-executed layers after a step).
/// The dynamic methods rank weights and gradients, so two values within float tolerance of a tie could be ranked
/// differently by the two summation orders; the runs are deterministic, but a kernel change may need another seed.
/// </summary>
public sealed class SparseExecutionTrainingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"sprig-sparse-exec-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("mlp", "static", "sgd", false, 32)]
    [InlineData("mlp", "static", "sgd", true, 32)]
    [InlineData("mlp", "static", "adamw", false, 32)]
    [InlineData("mlp", "set", "sgd", false, 32)]
    [InlineData("mlp", "set", "sgd", true, 32)]
    [InlineData("mlp", "set", "adamw", false, 32)]
    [InlineData("mlp", "rigl", "sgd", false, 32)]
    [InlineData("mlp", "granet", "sgd", false, 32)]
    [InlineData("mlp", "mest", "sgd", false, 32)]
    [InlineData("mlp", "srigl", "sgd", false, 32)]
    [InlineData("lenet5", "static", "sgd", false, 32)]
    [InlineData("lenet5", "rigl", "sgd", false, 32)]
    [InlineData("mlp", "static", "sgd", false, 128)] // the fused backward pass where 512-bit vectors run it
    [InlineData("mlp", "rigl", "sgd", false, 128)]
    public void SparseRunEndsWithTheDenseRunsWeights(string model, string method, string optimizer, bool nesterov, int batch)
    {
        IReadOnlyList<(string Name, Parameter Parameter)> dense = Train(model, method, optimizer, nesterov, "dense", batch);
        IReadOnlyList<(string Name, Parameter Parameter)> sparse = Train(model, method, optimizer, nesterov, "sparse", batch);

        Assert.Equal(dense.Select(p => p.Name), sparse.Select(p => p.Name));
        for (int p = 0; p < dense.Count; p++)
        {
            float[] expected = dense[p].Parameter.Value.Data;
            float[] actual = sparse[p].Parameter.Value.Data;
            float[]? mask = sparse[p].Parameter.Mask;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"{dense[p].Name}[{i}]: sparse {actual[i]}, dense {expected[i]}");
                Assert.True(mask is null || mask[i] != 0f || actual[i] == 0f, $"{dense[p].Name}[{i}] is pruned but {actual[i]}");
            }
        }
    }

    private IReadOnlyList<(string Name, Parameter Parameter)> Train(string model, string method, string optimizer, bool nesterov, string execution, int batch)
    {
        var options = new TrainingOptions
        {
            // At least four steps, so that a method updating masks every third step does so at every batch size.
            Model = model, Dataset = "synthetic", TrainLimit = Math.Max(256, 4 * batch), TestLimit = 64, BatchSize = batch, Epochs = 1, Threads = 1, Seed = 5,
            LearningRate = optimizer == "adamw" ? 1e-3f : 0.05f, Optimizer = optimizer, Nesterov = nesterov, Execution = execution,
            Sparsity = new SparsityOptions { Method = method, Sparsity = 0.9, UpdateEvery = 3 },
        };
        Trainer trainer = Trainer.Create(options, Path.Combine(_root, $"{model}-{method}-{optimizer}-{nesterov}-{batch}-{execution}"), new SilentObserver());
        trainer.Run();
        return trainer.Model.NamedParameters().ToList();
    }
}
