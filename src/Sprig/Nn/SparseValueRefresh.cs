namespace Sprig.Nn;

/// <summary>
/// When a layer on the sparse kernels must copy its weights into the kernels' value arrays: before every forward
/// pass in training mode (the optimizer has moved them since), but once per sparse operator in evaluation mode, where
/// the weights stay put. The copy reads the weight at every nonzero, which at batch 1 costs about as much as the
/// product itself (1024² at 90%, SRigL layout: 154 against 42 µs per forward pass).
/// </summary>
/// <remarks>
/// Weights edited by hand while the model stays in evaluation mode are therefore not seen by a layer that has
/// already run; switching to training mode and back, or re-planning the execution, refreshes them.
/// </remarks>
internal struct SparseValueRefresh
{
    private object? _currentFor;

    /// <summary>Whether <paramref name="sparse"/> needs the weights copied in before this forward pass.</summary>
    public bool IsNeeded(object sparse, bool training)
    {
        bool needed = training || !ReferenceEquals(_currentFor, sparse);
        _currentFor = training ? null : sparse;
        return needed;
    }
}
