using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class DropoutTests
{
    [Fact]
    public void Train_ZeroesAboutPAndScalesSurvivors()
    {
        var dropout = new Dropout(0.25f, new Rng(41));
        var input = new Tensor(10_000);
        Init.Constant(input, 2f);

        Tensor output = dropout.Forward(input);

        int zeros = output.Data.Count(v => v == 0f);
        Assert.InRange(zeros, 2_300, 2_700);
        Assert.All(output.Data, v => Assert.True(v == 0f || Math.Abs(v - (2f / 0.75f)) < 1e-6f));
    }

    [Fact]
    public void Train_DropsAboutPInEveryLaneOfAHash()
    {
        // Four neighbouring elements share one 64-bit hash, 16 bits each: every lane must drop at rate p on its own.
        var dropout = new Dropout(0.2f, new Rng(45));
        var input = new Tensor(40_000);
        Init.Constant(input, 1f);

        Tensor output = dropout.Forward(input);

        for (int lane = 0; lane < 4; lane++)
        {
            int zeros = Enumerable.Range(0, 10_000).Count(k => output.Data[(4 * k) + lane] == 0f);
            Assert.InRange(zeros, 1_850, 2_150);
        }

        int bothDropped = Enumerable.Range(0, 10_000).Count(k => output.Data[4 * k] == 0f && output.Data[(4 * k) + 1] == 0f);
        Assert.InRange(bothDropped, 330, 470);
    }

    [Fact]
    public void Backward_UsesTheForwardMask()
    {
        var dropout = new Dropout(0.5f, new Rng(42));
        var input = new Tensor(64);
        Init.Constant(input, 1f);
        Tensor output = dropout.Forward(input).Clone();
        var gradient = new Tensor(64);
        Init.Constant(gradient, 3f);

        Tensor inputGradient = dropout.Backward(gradient);

        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(3f * output.Data[i], inputGradient.Data[i]);
        }
    }

    [Fact]
    public void Eval_IsTheIdentity()
    {
        var dropout = new Dropout(0.9f, new Rng(43));
        dropout.Eval();
        var input = new Tensor([1f, -2f, 3f], 3);

        Assert.Same(input, dropout.Forward(input));
        Assert.Same(input, dropout.Backward(input));
    }

    [Fact]
    public void RestoredState_ContinuesWithTheSameMasks()
    {
        var input = new Tensor(257);
        Init.Constant(input, 1f);
        var original = new Dropout(0.3f, new Rng(44));
        original.Forward(input);
        original.Forward(input);
        var saved = original.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        float[] third = original.Forward(input).Data.ToArray();

        var restored = new Dropout(0.3f, new Rng(44));
        restored.LoadStateDict(saved);

        Assert.Equal(third, restored.Forward(input).Data);
        Assert.NotEqual(third, restored.Forward(input).Data);
    }

    [Fact]
    public void InvalidProbability_ThrowsOneLineError() =>
        Assert.Throws<SprigException>(() => new Dropout(1f, new Rng(1)));
}
