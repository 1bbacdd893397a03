using Sprig.Nn;

namespace Sprig.Sparsity;

/// <summary>
/// A prunable parameter with its dotted name. Every shape is read as a matrix [rows, fan-in]: rows are dim 0 (the
/// output channel of a conv weight [Cout, Cin, kh, kw], the output neuron of a linear weight [out, in]) and the
/// fan-in is the rest flattened, which is also the reduction order of the im2col GEMM.
/// </summary>
/// <param name="Name">The dotted parameter name, such as <c>features.0.weight</c>.</param>
/// <param name="Parameter">The live parameter.</param>
public sealed record PrunableWeight(string Name, Parameter Parameter)
{
    /// <summary>The number of elements.</summary>
    public int Length => Parameter.Length;

    /// <summary>The number of output channels or neurons (dim 0).</summary>
    public int Rows => Parameter.Value.Rank == 0 ? 1 : Parameter.Value.Dim(0);

    /// <summary>The elements per row: the fan-in of one output channel.</summary>
    public int RowLength => Rows == 0 ? 0 : Length / Rows;

    /// <summary>The prunable parameters of <paramref name="model"/> in their stable order.</summary>
    public static IReadOnlyList<PrunableWeight> Of(Module model)
    {
        var list = new List<PrunableWeight>();
        foreach (var (name, p) in model.NamedParameters())
        {
            if (p.Prunable)
            {
                list.Add(new PrunableWeight(name, p));
            }
        }

        return list;
    }

    /// <summary>The number of ones in the mask, or <see cref="Length"/> when the parameter has no mask.</summary>
    public int ActiveCount()
    {
        if (Parameter.Mask is not { } mask)
        {
            return Length;
        }

        return (int)System.Numerics.Tensors.TensorPrimitives.Sum(mask);
    }
}
