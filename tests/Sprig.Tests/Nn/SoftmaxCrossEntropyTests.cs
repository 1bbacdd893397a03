using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class SoftmaxCrossEntropyTests
{
    [Theory]
    [InlineData(1, 1, 0f)]
    [InlineData(5, 10, 0f)]
    [InlineData(7, 3, 0.1f)]
    [InlineData(3, 33, 0.2f)]
    public void Backward_MatchesFiniteDifferencesOfTheMeanLoss(int batch, int classes, float smoothing)
    {
        var rng = new Rng(41);
        Tensor logits = GradientCheck.Random(rng, batch, classes);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++)
        {
            labels[i] = rng.NextInt(classes);
        }

        var loss = new SoftmaxCrossEntropy(smoothing);
        loss.Forward(logits, labels);
        float[] analytic = loss.Backward().Span.ToArray();
        const float H = 1e-2f;
        for (int k = 0; k < logits.Length; k++)
        {
            float saved = logits.Span[k];
            logits.Span[k] = saved + H;
            double plus = ReferenceLoss(logits, labels, smoothing);
            logits.Span[k] = saved - H;
            double minus = ReferenceLoss(logits, labels, smoothing);
            logits.Span[k] = saved;
            Assert.Equal((plus - minus) / (2 * H), analytic[k], 3e-4);
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void Forward_MatchesTheDefinitionInDouble(float smoothing)
    {
        var rng = new Rng(42);
        Tensor logits = GradientCheck.Random(rng, 9, 10);
        int[] labels = [0, 1, 2, 3, 4, 5, 6, 7, 9];
        Assert.Equal(ReferenceLoss(logits, labels, smoothing), new SoftmaxCrossEntropy(smoothing).Forward(logits, labels), 1e-5);
    }

    /// <summary>The mean smoothed cross-entropy of softmax(logits), computed in double.</summary>
    private static double ReferenceLoss(Tensor logits, int[] labels, float smoothing)
    {
        int classes = logits.Dim(1);
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < classes; j++)
            {
                max = Math.Max(max, logits.Span[(i * classes) + j]);
            }

            double sum = 0;
            for (int j = 0; j < classes; j++)
            {
                sum += Math.Exp(logits.Span[(i * classes) + j] - max);
            }

            for (int j = 0; j < classes; j++)
            {
                double target = (j == labels[i] ? 1.0 - smoothing : 0.0) + (smoothing / classes);
                total -= target * (logits.Span[(i * classes) + j] - max - Math.Log(sum));
            }
        }

        return total / labels.Length;
    }
}
