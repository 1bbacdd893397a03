using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Optim;

public class SgdTests
{
    [Fact]
    public void MomentumAndWeightDecay_MatchPyTorch()
    {
        var (_, weights) = OptimizerTrajectories.Run(p => new Sgd([p], 0.1f, momentum: 0.9f, weightDecay: 0.01f));

        OptimizerTrajectories.AssertClose([0.989000022f, -2.01799989f, 0.529500008f], weights[0]);
        OptimizerTrajectories.AssertClose([0.958111048f, -2.07218194f, 0.615520537f], weights[1]);
    }

    [Fact]
    public void Nesterov_MatchesPyTorch()
    {
        var (_, weights) = OptimizerTrajectories.Run(p => new Sgd([p], 0.1f, momentum: 0.9f, weightDecay: 0.01f, nesterov: true));

        OptimizerTrajectories.AssertClose([0.979099989f, -2.03419995f, 0.556050003f], weights[0]);
        OptimizerTrajectories.AssertClose([0.93032968f, -2.12091494f, 0.692888498f], weights[1]);
    }

    [Fact]
    public void PlainStep_IsLearningRateTimesGradient()
    {
        var (_, weights) = OptimizerTrajectories.Run(p => new Sgd([p], 0.5f));

        OptimizerTrajectories.AssertClose([0.95f, -2.1f, 0.65f], weights[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(257)]
    public void MomentumStep_MatchesTheScalarRule_BitForBit(int length)
    {
        var rng = new Rng(11);
        var parameter = new Parameter(new Tensor(length), prunable: true);
        float[] w = new float[length];
        float[] v = new float[length];
        for (int i = 0; i < length; i++)
        {
            w[i] = parameter.Value.Span[i] = rng.NextGaussian();
        }

        var sgd = new Sgd([parameter], 0.05f, momentum: 0.9f, weightDecay: 5e-4f);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < length; i++)
            {
                float g = parameter.Grad.Span[i] = rng.NextGaussian();
                g = (w[i] * 5e-4f) + g;
                v[i] = (v[i] * 0.9f) + g;
                w[i] = (v[i] * -0.05f) + w[i];
            }

            sgd.Step();
        }

        Assert.Equal(w, parameter.Value.Span.ToArray());
        Assert.Equal(v, sgd.State(parameter, "momentum"));
    }
}
