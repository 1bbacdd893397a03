using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Optim;

/// <summary>
/// Runs an optimizer for two steps on w = [1, −2, 0.5] with gradients [0.1, 0.2, −0.3]·step. The expected values in
/// the tests were printed by PyTorch 1.13 (torch.optim.SGD / AdamW with the same arguments, <c>w.grad</c> set by hand).
/// </summary>
internal static class OptimizerTrajectories
{
    public static (Parameter Parameter, float[][] Weights) Run(Func<Parameter, Optimizer> create)
    {
        var parameter = new Parameter(new Tensor([1f, -2f, 0.5f], 3), prunable: true);
        Optimizer optimizer = create(parameter);
        var weights = new float[2][];
        for (int step = 0; step < 2; step++)
        {
            float scale = step + 1;
            parameter.Grad.Data[0] = 0.1f * scale;
            parameter.Grad.Data[1] = 0.2f * scale;
            parameter.Grad.Data[2] = -0.3f * scale;
            optimizer.Step();
            weights[step] = (float[])parameter.Value.Data.Clone();
        }

        return (parameter, weights);
    }

    public static void AssertClose(float[] expected, float[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6f, $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
