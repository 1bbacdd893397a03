using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class ScoreTests
{
    private static readonly float[] s_weights = [1f, -2f, 3f, 0.5f];
    private static readonly float[][] s_batchGradients = [[0.1f, 0.2f, -0.3f, 0.4f], [0.3f, 0f, 0.1f, -0.4f]];

    private static (IReadOnlyList<PrunableWeight> Layers, ScoreContext Context) OneLayer()
    {
        ParameterHolder holder = SparsityTestKit.Holder([2, 2]);
        var layers = PrunableWeight.Of(holder);
        s_weights.CopyTo(layers[0].Parameter.Value.Span);
        var source = new FixedGradientSource(layers, s_batchGradients);
        return (layers, new ScoreContext(null, new Rng(1), source));
    }

    private static float[] Score(WeightScore score)
    {
        var (layers, context) = OneLayer();
        float[][] scores = [new float[4]];
        score.Compute(context, layers, scores);
        return scores[0];
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1f, Math.Abs(expected[i])), $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void SnipIsWeightTimesMeanGradient() =>
        AssertClose([0.2f, 0.2f, 0.3f, 0f], Score(new SnipScore())); // ḡ = [0.2, 0.1, −0.1, 0]

    [Fact]
    public void TaylorIsTheMeanSquaredFirstOrderChange() =>
        AssertClose([0.05f, 0.08f, 0.45f, 0.04f], Score(new TaylorScore()));

    [Fact]
    public void ObdUsesTheDiagonalEmpiricalFisher() =>
        AssertClose([0.025f, 0.04f, 0.225f, 0.02f], Score(new ObdScore())); // ½·mean(g²)·w²

    [Fact]
    public void GradientIsTheMagnitudeOfTheMeanGradient() =>
        AssertClose([0.2f, 0.1f, 0.1f, 0f], Score(new GradientScore()));

    [Fact]
    public void MagnitudeAndMomentumAreAbsoluteValues()
    {
        var (layers, _) = OneLayer();
        Parameter p = layers[0].Parameter;
        float[] grad = [-1f, 2f, -3f, 4f];
        grad.CopyTo(p.Grad.Span);
        var sgd = new Sgd([p], 0.1f, momentum: 0.9f);
        sgd.Step();
        var context = new ScoreContext(sgd, new Rng(1), null);
        float[][] scores = [new float[4]];

        new MomentumScore().Compute(context, layers, scores);
        AssertClose([1f, 2f, 3f, 4f], scores[0]); // the first momentum buffer is the gradient
        new MagnitudeScore().Compute(context, layers, scores);
        AssertClose(p.Value.Span.ToArray().Select(MathF.Abs).ToArray(), scores[0]);
    }

    [Fact]
    public void GraspMatchesTheExactHessianGradientProductOfAQuadratic()
    {
        // L(w) = ½·wᵀAw − bᵀw over both layers: g = Aw − b and Hg = A·g exactly; the score is w ⊙ Hg.
        ParameterHolder holder = SparsityTestKit.Holder([2, 2], [1, 3]);
        var layers = PrunableWeight.Of(holder);
        var rng = new Rng(21);
        double[,] a = RandomSpd(7, rng);
        double[] b = Enumerable.Range(0, 7).Select(_ => (double)rng.NextGaussian()).ToArray();
        var source = new QuadraticGradientSource(layers, a, b);
        double[] w = source.Flatten();
        double[] g = Multiply(a, w).Select((v, i) => v - b[i]).ToArray();
        double[] hg = Multiply(a, g);

        float[][] scores = [new float[4], new float[3]];
        new GraspScore().Compute(new ScoreContext(null, rng, source), layers, scores);

        float[] actual = [.. scores[0], .. scores[1]];
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(w[i] * hg[i], actual[i], 2e-3);
        }

        Assert.Equal(w, source.Flatten()); // the weights are restored
    }

    [Fact]
    public void DataDependentScoresNeedAGradientSource()
    {
        var (layers, _) = OneLayer();
        Assert.Throws<InvalidOperationException>(() => new SnipScore().Compute(new ScoreContext(null, new Rng(1), null), layers, [new float[4]]));
    }

    [Fact]
    public void ChannelNormsAndUnmaskedMeanMagnitude()
    {
        ParameterHolder holder = SparsityTestKit.Holder([2, 1, 2, 2]);
        PrunableWeight layer = PrunableWeight.Of(holder)[0];
        float[] w = [1f, -2f, 2f, 0f, 3f, 0f, 0f, -4f];
        w.CopyTo(layer.Parameter.Value.Span);
        Assert.Equal([5f, 7f], ChannelScores.L1Norm(layer));
        Assert.Equal([3f, 5f], ChannelScores.L2Norm(layer));

        // UMM divides by the whole filter (4), masked positions counted as zero.
        layer.Parameter.Mask = [1f, 1f, 0f, 1f, 1f, 1f, 1f, 1f];
        Assert.Equal([3f / 4f, 7f / 4f], ChannelScores.UnmaskedMeanMagnitude(layer));
    }

    [Fact]
    public void ChannelScoresRankWholeFiltersUnderAChannelMask()
    {
        ParameterHolder holder = SparsityTestKit.Holder([3, 4]);
        var layers = PrunableWeight.Of(holder);
        float[] w = [3f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f];
        w.CopyTo(layers[0].Parameter.Value.Span);
        float[][] scores = [new float[12]];
        float[] mask = new float[12];

        // L1 ranks row 1 (4) over row 0 (3); L2 ranks row 0 (3) over row 1 (2).
        new ChannelScore("l1-norm", ChannelScores.L1Norm).Compute(new ScoreContext(null, new Rng(1), null), layers, scores);
        Sprig.Sparsity.Masks.MaskBuilder.Build(scores[0], 3, 4, Sprig.Sparsity.Masks.MaskPattern.Channel, mask);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f], mask);
        new ChannelScore("l2-norm", ChannelScores.L2Norm).Compute(new ScoreContext(null, new Rng(1), null), layers, scores);
        Sprig.Sparsity.Masks.MaskBuilder.Build(scores[0], 3, 4, Sprig.Sparsity.Masks.MaskPattern.Channel, mask);
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], mask);
    }

    [Fact]
    public void BatchNormScaleAndApoz()
    {
        var gamma = new Parameter(new Tensor([0.5f, -2f, 0f], 3), prunable: false);
        Assert.Equal([0.5f, 2f, 0f], ChannelScores.BatchNormScale(gamma));

        // Two batches of [N=1, C=2, 2×1]: channel 0 has 3 zeros of 4, channel 1 has 1 of 4.
        var b1 = new Tensor([0f, 1f, 2f, 3f], 1, 2, 2, 1);
        var b2 = new Tensor([0f, 0f, 0f, 5f], 1, 2, 2, 1);
        Assert.Equal([0.75f, 0.25f], ChannelScores.AveragePercentageOfZeros([b1, b2]));
    }

    private static double[,] RandomSpd(int n, Rng rng)
    {
        double[,] m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = rng.NextGaussian() * 0.5;
            }
        }

        double[,] a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    a[i, j] += m[k, i] * m[k, j];
                }
            }

            a[i, i] += 1;
        }

        return a;
    }

    private static double[] Multiply(double[,] a, double[] x)
    {
        double[] y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                y[i] += a[i, j] * x[j];
            }
        }

        return y;
    }
}

/// <summary>Writes fixed per-batch gradients into a single layer.</summary>
internal sealed class FixedGradientSource(IReadOnlyList<PrunableWeight> layers, float[][] batches) : IGradientSource
{
    public int BatchCount => batches.Length;

    public float ComputeGradients(int batch, float temperature)
    {
        batches[batch].CopyTo(layers[0].Parameter.Grad.Span);
        return 0f;
    }
}

/// <summary>The gradient of ½·wᵀAw − bᵀw over all layers flattened, in double then rounded.</summary>
internal sealed class QuadraticGradientSource(IReadOnlyList<PrunableWeight> layers, double[,] a, double[] b) : IGradientSource
{
    public int BatchCount => 1;

    public double[] Flatten() => layers.SelectMany(l => l.Parameter.Value.Span.ToArray()).Select(v => (double)v).ToArray();

    public float ComputeGradients(int batch, float temperature)
    {
        double[] w = Flatten();
        int offset = 0;
        foreach (PrunableWeight layer in layers)
        {
            Span<float> g = layer.Parameter.Grad.Span;
            for (int i = 0; i < g.Length; i++)
            {
                double sum = -b[offset + i];
                for (int j = 0; j < w.Length; j++)
                {
                    sum += a[offset + i, j] * w[j];
                }

                g[i] = (float)sum;
            }

            offset += g.Length;
        }

        return 0f;
    }
}
