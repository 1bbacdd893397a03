using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

/// <summary>
/// Compares a module's backward pass with central finite differences of the scalar loss <c>L = Σ r·y</c> for a fixed
/// random <c>r</c>, accumulated in double. Checks the input gradient and every parameter's gradient at up to
/// <c>samples</c> positions each, to a relative tolerance (absolute below magnitude 0.1, where float rounding in the
/// forward pass dominates the difference quotient).
/// </summary>
internal static class GradientCheck
{
    public static void Verify(Module module, Tensor input, ulong seed, double step = 1e-2, double tolerance = 1e-2, int samples = 24)
    {
        var rng = new Rng(seed);
        Tensor output = module.Forward(input);
        var weights = new Tensor(output.ShapeArray());
        for (int i = 0; i < weights.Length; i++)
        {
            weights.Span[i] = rng.NextGaussian();
        }

        module.ZeroGrad();
        module.Forward(input);
        float[] inputGradient = (float[])module.Backward(weights).Data.Clone();
        var parameters = module.NamedParameters().ToList();
        var parameterGradients = parameters.Select(p => (float[])p.Parameter.Grad.Data.Clone()).ToList();

        if (module.NeedsInputGradient)
        {
            Compare("input", input.Data, inputGradient, module, input, weights, rng, step, tolerance, samples);
        }

        for (int k = 0; k < parameters.Count; k++)
        {
            Compare(parameters[k].Name, parameters[k].Parameter.Value.Data, parameterGradients[k], module, input, weights, rng, step, tolerance, samples);
        }
    }

    private static void Compare(string name, float[] values, float[] analytic, Module module, Tensor input, Tensor weights,
        Rng rng, double step, double tolerance, int samples)
    {
        Assert.Equal(values.Length, analytic.Length);
        int count = Math.Min(samples, values.Length);
        for (int s = 0; s < count; s++)
        {
            int i = values.Length <= samples ? s : rng.NextInt(values.Length);

            // A kink (ReLU, max; behind batch norm every unit of a channel moves) inside the interval spoils a
            // quotient, so shorter steps get a chance; a backward bug spoils them all.
            double numeric = double.NaN;
            double error = double.PositiveInfinity;
            double allowed = 0;
            for (double h = step; h >= step / 16 && !(error <= allowed); h /= 4)
            {
                numeric = Quotient(module, input, weights, values, i, h);
                error = Math.Abs(numeric - analytic[i]);
                allowed = tolerance * Math.Max(0.1, Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])));
            }

            Assert.True(error <= allowed, $"{name}[{i}]: backward {analytic[i]}, finite difference {numeric}");
        }
    }

    private static double Quotient(Module module, Tensor input, Tensor weights, float[] values, int i, double step)
    {
        float original = values[i];
        values[i] = (float)(original + step);
        double plus = Loss(module, input, weights);
        values[i] = (float)(original - step);
        double minus = Loss(module, input, weights);
        values[i] = original;
        return (plus - minus) / (2 * step);
    }

    private static double Loss(Module module, Tensor input, Tensor weights)
    {
        ReadOnlySpan<float> y = module.Forward(input).Span;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            loss += (double)y[i] * weights.Span[i];
        }

        return loss;
    }

    public static Tensor Random(Rng rng, params int[] shape)
    {
        var tensor = new Tensor(shape);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.Span[i] = rng.NextGaussian();
        }

        return tensor;
    }
}
