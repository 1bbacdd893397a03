using Sprig.Execution;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Execution;

public class ExecutionPlannerTests
{
    [Theory]
    [InlineData(0.9, 16, false)]
    [InlineData(0.99, 7, false)]
    [InlineData(0.5, 1, false)]
    [InlineData(0.9, 5, true)]
    [InlineData(0.6, 2, true)]
    public void SparseTrainingSteps_GiveTheWeightsOfDenseMaskedSteps(double sparsity, int batch, bool convolution)
    {
        (Sequential dense, Sgd denseSgd) = MaskedModel(sparsity, convolution);
        (Sequential sparse, Sgd sparseSgd) = MaskedModel(sparsity, convolution);
        var planner = new ExecutionPlanner(sparse, ExecutionMode.Sparse);
        var rng = new Rng(3);
        for (int step = 0; step < 5; step++)
        {
            Tensor x = convolution ? new Tensor(batch, 3, 6, 6) : new Tensor(batch, 37);
            Init.DefaultUniform(x, 1, rng);
            var dy = new Tensor(batch, 11);
            Init.DefaultUniform(dy, 1, rng);
            Step(dense, denseSgd, x, dy);
            planner.Update(batch);
            Step(sparse, sparseSgd, x, dy);
        }

        Assert.Equal(2, planner.Plans.Count);
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
    public void Update_ReplansWhenAMaskChanges_UnlessToldTheyAreFixed_AndClearRestoresDense()
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
        planner.Update(4, masksMayHaveChanged: false);
        Assert.Same(before, first.SparseOperator);
        planner.Update(4);
        Assert.NotSame(before, first.SparseOperator);
        Assert.Equal(first.Weight.Mask.Count(m => m != 0), first.Weight.ActiveIndices!.Length);

        planner.Clear();
        Assert.Null(first.SparseOperator);
        Assert.Null(first.Weight.ActiveIndices);
    }

    [Fact]
    public void Update_WithDense_DetachesEveryLayerForOneStep_AndTheNextUpdateReattachesEvenWithFixedMasks()
    {
        (Sequential model, _) = MaskedModel(0.9);
        var planner = new ExecutionPlanner(model, ExecutionMode.Sparse);
        var first = (Linear)model.Layers[0];
        planner.Update(4);
        Assert.NotNull(first.SparseOperator);
        first.Weight.Grad.Span.Fill(1f);

        planner.Update(4, masksMayHaveChanged: false, dense: true);
        Assert.Null(first.SparseOperator);
        Assert.Null(first.Weight.ActiveIndices);
        Assert.Empty(planner.Plans);
        Assert.All(first.Weight.Grad.Data, g => Assert.Equal(0f, g));

        planner.Update(4, masksMayHaveChanged: false);
        Assert.NotNull(first.SparseOperator);
        Assert.Equal(2, planner.Plans.Count);
    }

    [Fact]
    public void Update_WithDense_LeavesTheGradientOfAnUnmaskedLayerAlone()
    {
        (Sequential model, _) = MaskedModel(0.9);
        var second = (Linear)model.Layers[2];
        second.Weight.Mask = null;
        var planner = new ExecutionPlanner(model, ExecutionMode.Sparse);
        planner.Update(4);
        Assert.Null(second.SparseOperator);
        Assert.NotNull(((Linear)model.Layers[0]).SparseOperator);
        second.Weight.Grad.Span.Fill(2f);

        planner.Update(4, dense: true);

        Assert.All(second.Weight.Grad.Data, g => Assert.Equal(2f, g));
        Assert.Null(((Linear)model.Layers[0]).SparseOperator);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EvaluationMode_TakesTheWeightsOnce_AndTrainingModeOrANewPlanTakesThemAgain(bool convolution)
    {
        (Sequential model, _) = MaskedModel(0.8, convolution);
        var planner = new ExecutionPlanner(model, ExecutionMode.Sparse);
        var rng = new Rng(4);
        Tensor x = convolution ? new Tensor(3, 3, 6, 6) : new Tensor(3, 37);
        Init.DefaultUniform(x, 1, rng);
        Parameter weight = model.Parameters().First(p => p.Prunable);
        planner.Update(3);

        model.Eval();
        float[] dense = DenseOutput(model, x);
        float[] before = Output(model, x);
        AssertClose(dense, before);

        // Edited by hand in evaluation mode: the layer keeps the values it took (documented on SparseValueRefresh).
        System.Numerics.Tensors.TensorPrimitives.Multiply(weight.Value.Span, 2f, weight.Value.Span);
        Assert.Equal(before, Output(model, x));

        // A training-mode pass takes the weights again, and so does the next evaluation.
        model.Train();
        float[] trained = Output(model, x);
        Assert.NotEqual(before, trained);
        model.Eval();
        float[] after = Output(model, x);
        AssertClose(trained, after);

        // A changed mask gives the layer a new operator, which takes the weights at its first pass.
        System.Numerics.Tensors.TensorPrimitives.Multiply(weight.Value.Span, 0.5f, weight.Value.Span);
        int on = Array.IndexOf(weight.Mask!, 1f);
        weight.Mask![on] = 0f;
        weight.Value.Span[on] = 0f;
        planner.Update(3);
        float[] replanned = Output(model, x);
        AssertClose(DenseOutput(model, x), replanned);

        float[] DenseOutput(Module m, Tensor input)
        {
            planner.Clear();
            float[] y = Output(m, input);
            planner.Update(3);
            return y;
        }
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

    [Fact]
    public void Auto_ChoosesByTheCostModel_TheSameWayEveryTime()
    {
        // A wide 95%-sparse layer pays for its transposes; a 10×100 one does not.
        var rng = new Rng(4);
        var model = new Sequential(new Linear(784, 300, rng), new ReLU(), new Linear(100, 10, rng));
        var random = new Random(5);
        foreach (Parameter p in model.Parameters())
        {
            if (p.Prunable)
            {
                p.Mask = new float[p.Length];
                for (int i = 0; i < p.Length; i++)
                {
                    p.Mask[i] = random.NextDouble() >= 0.95 ? 1f : 0f;
                }
            }
        }

        var first = new ExecutionPlanner(model, ExecutionMode.Auto);
        first.Update(128);
        LayerPlan[] plans = [.. first.Plans.OrderBy(plan => plan.Name, StringComparer.Ordinal)];
        Assert.Equal([true, false], plans.Select(plan => plan.Sparse));
        Assert.All(plans, plan => Assert.True(plan.DenseSeconds > 0 && plan.SparseSeconds > 0));

        var second = new ExecutionPlanner(model, ExecutionMode.Auto);
        second.Update(128);
        Assert.Equal(plans, second.Plans.OrderBy(plan => plan.Name, StringComparer.Ordinal));
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

    private static float[] Output(Module model, Tensor x) => (float[])model.Forward(x).Data.Clone();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"[{i}]: {actual[i]}, expected {expected[i]}");
        }
    }

    /// <summary>
    /// 37 → 23 → 11, or a 3×3 convolution (3 → 5 channels, padding 1) on 6×6 images → 11, with random masks (the same
    /// for equal seeds), ReLU between, SGD with momentum and decay.
    /// </summary>
    private static (Sequential Model, Sgd Optimizer) MaskedModel(double sparsity, bool convolution = false)
    {
        var rng = new Rng(1);
        Sequential model = convolution
            ? new Sequential(new Conv2d(3, 5, 3, rng, padding: 1), new ReLU(), new Flatten(), new Linear(5 * 6 * 6, 11, rng))
            : new Sequential(new Linear(37, 23, rng), new ReLU(), new Linear(23, 11, rng));
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
