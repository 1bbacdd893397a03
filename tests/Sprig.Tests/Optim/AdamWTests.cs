using Sprig.Optim;

namespace Sprig.Tests.Optim;

public class AdamWTests
{
    [Fact]
    public void DefaultsWithWeightDecay_MatchPyTorch()
    {
        var (_, weights) = OptimizerTrajectories.Run(p => new AdamW([p], 0.01f, weightDecay: 0.1f));

        OptimizerTrajectories.AssertClose([0.989000022f, -2.00800014f, 0.509500027f], weights[0]);
        OptimizerTrajectories.AssertClose([0.978359222f, -2.01564407f, 0.518642366f], weights[1]);
    }

    [Fact]
    public void CustomBetasAndEpsilon_MatchPyTorch()
    {
        var (_, weights) = OptimizerTrajectories.Run(p => new AdamW([p], 0.01f, beta1: 0.8f, beta2: 0.99f, epsilon: 1e-3f, weightDecay: 0f));

        OptimizerTrajectories.AssertClose([0.990099013f, -2.00995016f, 0.509966791f], weights[0]);
        OptimizerTrajectories.AssertClose([0.980337262f, -2.01974273f, 0.519769549f], weights[1]);
    }

    [Fact]
    public void Moments_AreAddressableByName()
    {
        AdamW? optimizer = null;
        var (parameter, _) = OptimizerTrajectories.Run(p => optimizer = new AdamW([p]));

        // m after two steps with g₁ = 0.1, g₂ = 0.2: 0.9·(0.1·0.1) + 0.1·0.2.
        Assert.Equal(0.029f, optimizer!.State(parameter, "exp_avg")[0], 6);
        Assert.Equal(["exp_avg", "exp_avg_sq"], optimizer.StateOf(parameter).Keys.Order());
    }
}
