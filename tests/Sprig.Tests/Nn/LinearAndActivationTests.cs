using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class LinearAndActivationTests
{
    [Theory]
    [InlineData(3, 7, 5, true)]
    [InlineData(1, 1, 1, false)]
    [InlineData(4, 33, 9, true)]
    public void Linear_BackwardMatchesFiniteDifferences(int batch, int inputs, int outputs, bool bias)
    {
        var rng = new Rng(61);
        GradientCheck.Verify(new Linear(inputs, outputs, rng, bias), GradientCheck.Random(rng, batch, inputs), seed: 2);
    }

    [Fact]
    public void Sequential_OfFlattenLinearRelu_BackwardMatchesFiniteDifferences()
    {
        var rng = new Rng(62);
        var model = new Sequential(new Flatten(), new Linear(2 * 3 * 3, 7, rng), new ReLU(), new Linear(7, 4, rng));
        GradientCheck.Verify(model, GradientCheck.Random(rng, 5, 2, 3, 3), seed: 3, step: 1e-3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    public void ReLU_PassesGradientOnlyWherePositive(int length)
    {
        var rng = new Rng(63);
        var relu = new ReLU();
        Tensor input = GradientCheck.Random(rng, length);
        Tensor gradient = GradientCheck.Random(rng, length);

        relu.Forward(input);
        Tensor inputGradient = relu.Backward(gradient);

        for (int i = 0; i < length; i++)
        {
            Assert.Equal(input.Data[i] > 0f ? gradient.Data[i] : 0f, inputGradient.Data[i]);
        }
    }
}
