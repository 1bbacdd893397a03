using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Metrics;

/// <summary>
/// Parameters, nonzeros, FLOPs and bytes of a model for one sample, per convolution/linear layer and in total.
/// FLOPs follow RigL's counting (see <see cref="FlopCount"/> and docs/reports.md): conv and linear layers with their
/// bias, plus one FLOP per ReLU element; batch norm, pooling, residual sums and the loss are not counted.
/// </summary>
public sealed record ModelMetrics
{
    /// <summary>The shape of one input sample, [C, H, W].</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>One entry per convolution or linear layer, in execution order.</summary>
    public required IReadOnlyList<LayerMetrics> Layers { get; init; }

    /// <summary>All trainable parameters.</summary>
    public required long Parameters { get; init; }

    /// <summary>Trainable parameters that are not zero.</summary>
    public required long Nonzeros { get; init; }

    /// <summary>ReLU FLOPs (one per element), the same dense and sparse.</summary>
    public required long ActivationFlops { get; init; }

    /// <summary>Inference FLOPs of the dense model for one sample.</summary>
    public required long DenseForwardFlops { get; init; }

    /// <summary>Inference FLOPs when only nonzero weights are multiplied.</summary>
    public required long SparseForwardFlops { get; init; }

    /// <summary>Training FLOPs of one dense step for one sample (≈ 3× forward, without the first layer's input gradient).</summary>
    public required long DenseTrainingFlops { get; init; }

    /// <summary>Training FLOPs of one sparse step for one sample, at the current masks.</summary>
    public required long SparseTrainingFlops { get; init; }

    /// <summary>Bytes of all parameters as dense float32.</summary>
    public required long DenseBytes { get; init; }

    /// <summary>Bytes of all parameters with each layer's weight in its chosen format.</summary>
    public required long SparseBytes { get; init; }

    /// <summary>
    /// Measures <paramref name="model"/> for samples of shape <paramref name="sample"/> ([C, H, W]); one zero sample
    /// goes through each layer to find the shapes. <paramref name="storage"/> picks the weight formats (default
    /// <see cref="BitmapStorageAdvisor"/>).
    /// </summary>
    /// <exception cref="SprigException">The model holds a container the shape walk does not know.</exception>
    public static ModelMetrics Measure(Module model, IReadOnlyList<int> sample, IStorageAdvisor? storage = null)
    {
        storage ??= BitmapStorageAdvisor.Instance;
        var names = new Dictionary<Parameter, string>();
        long parameters = 0;
        long nonzeros = 0;
        foreach (var (name, p) in model.NamedParameters())
        {
            names[p] = name;
            parameters += p.Length;
            nonzeros += CountNonzeros(p.Value.Span);
        }

        var layers = new List<LayerMetrics>();
        long activations = 0;
        foreach (LayerShape leaf in ShapeWalk.Run(model, sample))
        {
            switch (leaf.Module)
            {
                case Conv2d conv:
                    layers.Add(Layer("conv", names[conv.Weight], conv.Weight, conv.Bias, leaf.Output, leaf.Output[1] * leaf.Output[2], storage));
                    break;
                case Linear linear:
                    layers.Add(Layer("linear", names[linear.Weight], linear.Weight, linear.Bias, leaf.Output, 1, storage));
                    break;
                case ReLU:
                    activations += Tensor.CountOf(leaf.Output);
                    break;
            }
        }

        long denseForward = activations + layers.Sum(l => l.DenseFlops);
        long sparseForward = activations + layers.Sum(l => l.SparseFlops);
        long denseParameterBytes = parameters * sizeof(float);
        return new ModelMetrics
        {
            InputShape = [.. sample],
            Layers = layers,
            Parameters = parameters,
            Nonzeros = nonzeros,
            ActivationFlops = activations,
            DenseForwardFlops = denseForward,
            SparseForwardFlops = sparseForward,
            DenseTrainingFlops = FlopCount.TrainingStep(denseForward, layers.Count > 0 ? layers[0].DenseFlops : 0),
            SparseTrainingFlops = FlopCount.TrainingStep(sparseForward, layers.Count > 0 ? layers[0].SparseFlops : 0),
            DenseBytes = denseParameterBytes,
            SparseBytes = denseParameterBytes - layers.Sum(l => l.DenseBytes - l.SparseBytes),
        };
    }

    private static LayerMetrics Layer(string kind, string name, Parameter weight, Parameter? bias, int[] output, long positions, IStorageAdvisor storage)
    {
        int rows = weight.Value.Dim(0);
        int columns = weight.Length / Math.Max(1, rows);
        long nonzeros = CountNonzeros(weight.Value.Span);
        long outputs = Tensor.CountOf(output);
        long biasBytes = bias is null ? 0 : bias.Length * sizeof(float);
        StorageChoice choice = storage.Choose(rows, columns, weight.Value.Span);
        return new LayerMetrics
        {
            Name = name,
            Kind = kind,
            WeightShape = weight.Value.ShapeArray(),
            OutputShape = output,
            Weights = weight.Length,
            Nonzeros = nonzeros,
            DenseFlops = FlopCount.WeightedLayer(weight.Length, positions, outputs, bias is not null),
            SparseFlops = FlopCount.WeightedLayer(nonzeros, positions, outputs, bias is not null),
            Format = choice.Format,
            DenseBytes = ((long)weight.Length * sizeof(float)) + biasBytes,
            SparseBytes = choice.Bytes + biasBytes,
        };
    }

    // Count compares with float.Equals, which treats −0 as zero.
    private static long CountNonzeros(ReadOnlySpan<float> values) => values.Length - values.Count(0f);
}
