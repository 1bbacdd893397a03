using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class SigmoidBinaryCrossEntropyTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 7)]
    [InlineData(3, 33)]
    public void SigmoidBceGradientMatchesFiniteDifferences(int batch, int classes)
    {
        var rng = new Rng(11);
        Tensor logits = GradientCheck.Random(rng, batch, classes);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.NextInt(classes);
        }

        ILoss loss = new SigmoidBinaryCrossEntropy();
        loss.Forward(logits, labels);
        float[] analytic = loss.Backward().Span.ToArray();
        const float H = 1e-2f;
        for (int k = 0; k < logits.Length; k++)
        {
            float saved = logits.Span[k];
            logits.Span[k] = saved + H;
            double plus = loss.Forward(logits, labels);
            logits.Span[k] = saved - H;
            double minus = loss.Forward(logits, labels);
            logits.Span[k] = saved;
            Assert.Equal((plus - minus) / (2 * H), analytic[k], 2e-4);
        }
    }

    [Fact]
    public void SigmoidBceMatchesAHandComputedBatch()
    {
        // Row 0: logits (0, 0), label 0 → 2·softplus(0) − 0 = 2 ln 2.
        // Row 1: logits (ln ⅓, ln 3), label 1 → ln(4/3) + ln 4 − ln 3 = ln(16/9).
        var logits = new Tensor([2, 2]);
        logits.Data[2] = MathF.Log(1f / 3f);
        logits.Data[3] = MathF.Log(3f);
        ILoss loss = new SigmoidBinaryCrossEntropy();

        float value = loss.Forward(logits, [0, 1]);
        float[] gradient = loss.Backward().Data;

        Assert.Equal((2 * Math.Log(2)) + Math.Log(16.0 / 9.0), 2.0 * value, 5);

        // ∂/∂z = (σ − y)/N with σ = ½, ½ in row 0 and ¼, ¾ in row 1.
        Assert.Equal(new[] { -0.25f, 0.25f, 0.125f, -0.125f }, gradient.Select(g => MathF.Round(g, 6)));
    }

    [Fact]
    public void UnknownLossAndMisplacedSmoothingAreOneLineErrors()
    {
        var unknown = Assert.Throws<SprigException>(() => Sprig.Nn.Losses.Create("hinge"));
        Assert.Contains("valid losses: cross-entropy, sigmoid-bce", unknown.Message, StringComparison.Ordinal);
        var smoothing = Assert.Throws<SprigException>(() => Sprig.Nn.Losses.Create(Sprig.Nn.Losses.SigmoidBce, 0.1f));
        Assert.DoesNotContain('\n', smoothing.Message);
    }
}
