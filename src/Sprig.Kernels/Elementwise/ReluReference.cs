namespace Sprig.Kernels.Elementwise;

/// <summary>Scalar reference for <see cref="Relu"/>: the test oracle, written element by element from the definition.</summary>
public static class ReluReference
{
    /// <summary><c>y[i] = max(x[i], 0)</c>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Max(x[i], 0f);
        }
    }

    /// <summary><c>dx[i] = y[i] &gt; 0 ? dy[i] : 0</c>.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }
}
