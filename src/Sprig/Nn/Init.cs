using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Weight initialisers, matching PyTorch's defaults so that Sprig and PyTorch runs start alike.</summary>
public static class Init
{
    /// <summary>
    /// PyTorch's default for conv and linear layers: weights and biases uniform in ±1/√fanIn
    /// (Kaiming-uniform with a = √5 reduces to this bound for the weights).
    /// </summary>
    public static void DefaultUniform(Tensor tensor, int fanIn, Rng rng)
    {
        float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
        Span<float> data = tensor.Span;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.Uniform(-bound, bound);
        }
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public static void Constant(Tensor tensor, float value) => tensor.Span.Fill(value);
}
