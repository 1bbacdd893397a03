namespace Sprig.Kernels.Elementwise;

/// <summary>Scalar references for <see cref="SgdUpdate"/> and <see cref="AdamWUpdate"/>: the test oracles, element by element.</summary>
public static class OptimizerReference
{
    /// <summary>Same contract as <see cref="SgdUpdate.HeavyBall(Span{float}, Span{float}, Span{float}, float, float, float)"/>.</summary>
    public static void HeavyBall(Span<float> w, Span<float> g, Span<float> v, float weightDecay, float momentum, float learningRate)
    {
        for (int i = 0; i < w.Length; i++)
        {
            float gi = weightDecay != 0f ? (w[i] * weightDecay) + g[i] : g[i];
            v[i] = (v[i] * momentum) + gi;
            g[i] = v[i];
            w[i] = (g[i] * -learningRate) + w[i];
        }
    }

    /// <summary>Same contract as <see cref="AdamWUpdate.Step(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, in AdamWCoefficients)"/>.</summary>
    public static void AdamW(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamWCoefficients c)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] *= c.Decay;
            m[i] = (m[i] * c.Beta1) + (g[i] * (1f - c.Beta1));
            v[i] = (v[i] * c.Beta2) + (g[i] * g[i] * (1f - c.Beta2));
            w[i] = (m[i] / ((MathF.Sqrt(v[i]) * c.RootCorrection2) + c.Epsilon) * c.StepScale) + w[i];
        }
    }
}
