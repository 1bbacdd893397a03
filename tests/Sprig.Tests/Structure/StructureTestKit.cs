using Sprig.Models;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Structure;

/// <summary>Zoo models with non-trivial batch-norm state, random inputs and output comparison for the surgery tests.</summary>
internal static class StructureTestKit
{
    /// <summary>A zoo model for 1×28×28 input and 10 classes whose batch norms have random γ, β and statistics.</summary>
    public static Module Model(string name, ulong seed)
    {
        Module model = ModelZoo.Create(name, 1, 28, 28, 10, new Rng(seed));
        var rng = new Rng(seed + 100);
        foreach (var (_, module) in model.NamedModules())
        {
            if (module is BatchNorm norm)
            {
                Fill(norm.Weight.Value.Span, rng, 0.5f, 1.5f);
                Fill(norm.Bias.Value.Span, rng, -0.5f, 0.5f);
                Fill(norm.RunningMean.Span, rng, -0.2f, 0.2f);
                Fill(norm.RunningVar.Span, rng, 0.5f, 2f);
            }
        }

        return model;
    }

    /// <summary>Gaussian images [n, 1, 28, 28].</summary>
    public static Tensor Input(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Tensor(n, 1, 28, 28);
        for (int i = 0; i < x.Length; i++)
        {
            x.Data[i] = rng.NextGaussian();
        }

        return x;
    }

    /// <summary>A copy of the evaluation-mode output (layers reuse their output buffers).</summary>
    public static float[] EvalOutput(Module model, Tensor input)
    {
        model.Eval();
        return model.Forward(input).Data.ToArray();
    }

    /// <summary>Asserts equality within a tolerance relative to the largest magnitude.</summary>
    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 1e-3f;
        foreach (float v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static void Fill(Span<float> values, Rng rng, float low, float high)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * rng.NextFloat());
        }
    }
}
