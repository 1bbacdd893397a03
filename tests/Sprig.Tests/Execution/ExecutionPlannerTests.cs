using Sprig.Execution;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Execution;

public class ExecutionPlannerTests
{
    [Theory]
    [InlineData(0.9, 16)]
    [InlineData(0.99, 7)]
    [InlineData(0.5, 1)]
    public void SparseTrainingSteps_GiveTheWeightsOfDenseMaskedSteps(double sparsity, int batch)
    {
        (Sequential dense, Sgd denseSgd) = MaskedModel(sparsity);
        (Sequential sparse, Sgd sparseSgd) = MaskedModel(sparsity);
        var planner = new ExecutionPlanner(sparse, ExecutionMode.Sparse);
        var rng = new Rng(3);
        for (int step = 0; step < 5; step++)
        {
            var x = new Tensor(batch, 37);
            Init.DefaultUniform(x, 1, rng);
            var dy = new Tensor(batch, 11);
            Init.DefaultUniform(dy, 1, rng);
            Step(dense, denseSgd, x, dy);
            planner.Update(batch);
            Step(sparse, sparseSgd, x, dy);
        }

        Assert.All(planner.Plans, plan => Assert.True(plan.Sparse));
        var expected = dense.Parameters();
        var actual = sparse.Parameters();
        for (int p = 0; p < expected.Count; p++)
        {
            float[] e = expected[p].Value.Data, a = actual[p].Value.Data;
            for (int i = 0; i < e.Length; i++)
            {
                Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5f * (1 + Math.Abs(e[i])), $"parameter {p}[{i}]: sparse {a[i]}, dense {e[i]}");
            }
        }
    }

    [Fact]
    public void Update_ReplansWhenAMaskChanges_AndClearRestoresDense()
    {
        (Sequential model, _) = MaskedModel(0.9);
        var planner = new ExecutionPlanner(model, ExecutionMode.Sparse);
        planner.Update(4);
        var first = (Linear)model.Layers[0];
        var before = first.SparseOperator;
        Assert.NotNull(before);

        planner.Update(4);
        Assert.Same(before, first.SparseOperator);

        first.Weight.Mask![0] = first.Weight.Mask[0] == 0 ? 1 : 0;
        planner.Update(4);
        Assert.NotSame(before, first.SparseOperator);

        planner.Clear();
        Assert.Null(first.SparseOperator);
    }

    [Fact]
    public void Auto_KeepsLowSparsityLayersDenseWithoutMeasuring()
    {
        (Sequential model, _) = MaskedModel(0.2);
        var planner = new ExecutionPlanner(model, ExecutionMode.Auto);
        planner.Update(8);
        Assert.All(planner.Plans, plan => Assert.False(plan.Sparse));
        Assert.All(planner.Plans, plan => Assert.Equal(0, plan.DenseSeconds));
    }

    private static void Step(Sequential model, Sgd sgd, Tensor x, Tensor dy)
    {
        model.ZeroGrad();
        model.Forward(x);
        model.Backward(dy);
        sgd.Step();
        foreach (Parameter p in sgd.Parameters)
        {
            p.ApplyMask();
            sgd.MaskState(p);
        }
    }

    /// <summary>37 → 23 → 11 with random masks (the same for equal seeds), ReLU between, SGD with momentum and decay.</summary>
    private static (Sequential Model, Sgd Optimizer) MaskedModel(double sparsity)
    {
        var rng = new Rng(1);
        var model = new Sequential(new Linear(37, 23, rng), new ReLU(), new Linear(23, 11, rng));
        var random = new Random(2);
        foreach (Parameter p in model.Parameters())
        {
            if (p.Prunable)
            {
                p.Mask = new float[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    p.Mask[i] = random.NextDouble() >= sparsity ? 1f : 0f;
                }

                p.ApplyMask();
            }
        }

        return (model, new Sgd(model.Parameters(), 0.1f, momentum: 0.9f, weightDecay: 1e-3f));
    }
}
