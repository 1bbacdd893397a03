namespace Sprig.Sparsity.Masks;

/// <summary>The unit a mask keeps or removes.</summary>
public enum Granularity
{
    /// <summary>Single weights (unstructured).</summary>
    Element,

    /// <summary>Rectangular blocks of the [rows, fan-in] matrix, e.g. 1×4 or 4×4.</summary>
    Block,

    /// <summary>N kept in every group of M consecutive fan-in weights of a row (2:4, 1:4, 4:8).</summary>
    NM,

    /// <summary>Whole rows: output neurons of a linear layer, filters (output channels) of a conv.</summary>
    Channel,
}
