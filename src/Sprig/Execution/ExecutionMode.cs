namespace Sprig.Execution;

/// <summary>How masked linear layers compute their products.</summary>
public enum ExecutionMode
{
    /// <summary>Dense GEMMs over masked weights (zeros multiplied).</summary>
    Dense,

    /// <summary>Sparse kernels at the mask's nonzeros, for every masked layer.</summary>
    Sparse,

    /// <summary>Per layer, whichever of the two a cost model predicts faster for the layer's shape, batch and nonzeros (deterministic).</summary>
    Auto,
}
