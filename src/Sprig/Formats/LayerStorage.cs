namespace Sprig.Formats;

/// <summary>How one weight tensor of a checkpoint is best stored.</summary>
/// <param name="Name">The tensor's name without the <c>model/</c> prefix.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Sparsity">The fraction of exact zeros.</param>
/// <param name="Choice">The cheapest format.</param>
/// <param name="Bytes">Bytes in that format.</param>
/// <param name="DenseBytes">Bytes stored densely.</param>
public sealed record LayerStorage(string Name, int[] Shape, double Sparsity, FormatChoice Choice, long Bytes, long DenseBytes)
{
    /// <summary>The weight tensors (rank ≥ 2) of the model in <paramref name="checkpoint"/>, in name order.</summary>
    public static IReadOnlyList<LayerStorage> Analyze(Serialization.Checkpoint checkpoint)
    {
        var layers = new List<LayerStorage>();
        foreach (var (name, tensor) in checkpoint.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith("model/", StringComparison.Ordinal) || tensor.Rank < 2)
            {
                continue;
            }

            int[] shape = tensor.ShapeArray();
            int rows = shape[0];
            int columns = tensor.Length / Math.Max(rows, 1);
            var mask = new float[tensor.Length];
            System.Numerics.Tensors.TensorPrimitives.Abs(tensor.Span, mask);
            TensorProfile profile = TensorProfile.FromMask(rows, columns, mask);
            (FormatChoice choice, long bytes) = FormatAdvisor.Advise(profile);
            layers.Add(new LayerStorage(name["model/".Length..], shape, profile.Sparsity, choice, bytes, profile.Size * sizeof(float)));
        }

        return layers;
    }
}
