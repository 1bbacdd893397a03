using Sprig.Sparsity;
using Sprig.Sparsity.Budgets;

namespace Sprig.Tests.Sparsity;

public sealed class BudgetTests
{
    [Fact]
    public void ErkForcesTheDensestLayerDenseAndMatchesTheHandComputation()
    {
        // Layer 0 [4, 2]: N = 8, p = 6/8; layer 1 [10, 10]: N = 100, p = 20/100. S = 0.5.
        // Pass 1: rhs = 4 + 50 = 54, div = 0.75·8 + 0.2·100 = 26, ε = 54/26, ε·0.75 > 1 → layer 0 forced dense.
        // Pass 2: rhs = 50 − 4 = 46, div = 20, ε = 2.3 → d₁ = 0.46.
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([4, 2], [10, 10]));
        double[] d = new ErdosRenyiBudget().Densities(layers, 0.5);
        Assert.Equal(1.0, d[0], 12);
        Assert.Equal(0.46, d[1], 12);
        Assert.Equal([8, 46], new ErdosRenyiBudget().KeepCounts(layers, null, 0.5));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(0.9)]
    [InlineData(0.98)]
    public void ErkDensitiesSpendExactlyTheBudget(double sparsity)
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([6, 1, 5, 5], [16, 6, 5, 5], [120, 256], [84, 120], [10, 84]));
        double[] d = new ErdosRenyiBudget().Densities(layers, sparsity);
        double total = layers.Sum(l => (double)l.Length);
        double removed = layers.Sum(l => Math.Floor(sparsity * l.Length));
        Assert.Equal(total - removed, layers.Select((l, i) => d[i] * l.Length).Sum(), 6);
        Assert.All(d, x => Assert.InRange(x, 0.0, 1.0));

        int[] keep = new ErdosRenyiBudget().KeepCounts(layers, null, sparsity);
        for (int i = 0; i < keep.Length; i++)
        {
            Assert.True(Math.Abs(keep[i] - (d[i] * layers[i].Length)) <= 0.5 + 1e-9);
        }
    }

    [Fact]
    public void ErIgnoresTheKernelAndPowerZeroIsUniform()
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([8, 4, 3, 3], [16, 8, 3, 3]));
        double[] er = new ErdosRenyiBudget(includeKernel: false).Densities(layers, 0.8);
        double[] erk = new ErdosRenyiBudget().Densities(layers, 0.8);
        // ER: p = (n_in + n_out)/(n_in·n_out) = 12/32 and 24/128 (ratio 2); ERK: p = 18/288 and 30/1152 (ratio 2.4).
        double epsilon = (288 - Math.Floor(0.8 * 288) + 1152 - Math.Floor(0.8 * 1152)) / ((12.0 / 32 * 288) + (24.0 / 128 * 1152));
        Assert.Equal(epsilon * 12 / 32, er[0], 12);
        Assert.Equal(epsilon * 24 / 128, er[1], 12);
        Assert.Equal(2.4, erk[0] / erk[1], 9);

        double[] uniform = new ErdosRenyiBudget(powerScale: 0).Densities(layers, 0.8);
        Assert.Equal(uniform[0], uniform[1], 12);
    }

    [Fact]
    public void UniformKeepsEveryLayerAtTheSparsityAndCanKeepEndsDense()
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([10, 10], [20, 10], [5, 20]));
        Assert.Equal([10, 20, 10], new UniformBudget().KeepCounts(layers, null, 0.9));
        Assert.Equal([100, 20, 100], new UniformBudget(keepFirstDense: true, keepLastDense: true).KeepCounts(layers, null, 0.9));
        Assert.Equal([100, 40, 20], new ErdosRenyiBudget(powerScale: 0, keepFirstDense: true).KeepCounts(layers, null, 0.8));
    }

    [Fact]
    public void GlobalBudgetUsesOneThresholdOverAllLayers()
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([2, 2], [2, 3]));
        float[][] scores = [[0.9f, 0.1f, 0.8f, 0.2f], [0.7f, 0.6f, 0.05f, 0.5f, 0.3f, 0.4f]];
        // 10 weights at S = 0.5 keep 5: 0.9, 0.8, 0.7, 0.6, 0.5 → 2 in layer 0 and 3 in layer 1.
        Assert.Equal([2, 3], new GlobalBudget().KeepCounts(layers, scores, 0.5));
    }

    [Fact]
    public void GlobalBudgetNeverEmptiesALayer()
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([2, 2], [4, 4]));
        float[][] scores = [[0.01f, 0.02f, 0.03f, 0.04f], Enumerable.Range(1, 16).Select(i => (float)i).ToArray()];
        int[] keep = new GlobalBudget().KeepCounts(layers, scores, 0.75);
        Assert.Equal(1, keep[0]);
        Assert.Equal(5, keep[1]);
    }

    [Fact]
    public void ImpossibleBudgetsThrowOneLineErrors()
    {
        var layers = PrunableWeight.Of(SparsityTestKit.Holder([4, 4], [4, 4]));
        float[][] scores = [new float[16], new float[16]];
        Assert.Throws<SprigException>(() => new UniformBudget().KeepCounts(layers, null, 1.0));
        Assert.Throws<SprigException>(() => new UniformBudget().KeepCounts(layers, null, -0.1));
        Assert.Throws<SprigException>(() => new UniformBudget(true, true).KeepCounts(layers, null, 0.5));
        var e = Assert.Throws<SprigException>(() => new GlobalBudget().KeepCounts(layers, scores, 0.99));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Throws<SprigException>(() => new UniformBudget().KeepCounts([], null, 0.5));
    }
}
