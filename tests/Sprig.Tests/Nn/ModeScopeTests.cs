using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public sealed class ModeScopeTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void SwitchesTheWholeTreeAndRestoresThePreviousMode(bool before, bool inside)
    {
        var model = new Sequential(new Linear(3, 4, new Rng(1)), new ReLU(), new Dropout(0.5f, new Rng(2)));
        SetMode(model, before);

        using (new ModeScope(model, inside))
        {
            Assert.All(model.NamedModules(), m => Assert.Equal(inside, m.Module.IsTraining));
        }

        Assert.All(model.NamedModules(), m => Assert.Equal(before, m.Module.IsTraining));
    }

    [Fact]
    public void RestoresTheModeWhenTheBodyThrows()
    {
        var model = new Sequential(new Linear(3, 4, new Rng(1)));

        void FailingMeasurement()
        {
            using var mode = new ModeScope(model, training: false);
            throw new InvalidOperationException("measurement failed");
        }

        Assert.Throws<InvalidOperationException>(FailingMeasurement);

        Assert.True(model.IsTraining);
    }

    private static void SetMode(Module model, bool training)
    {
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }
    }
}
