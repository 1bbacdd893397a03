namespace Sprig.Sparsity;

/// <summary>
/// Computes gradients on demand, for data-dependent scores (SNIP, GraSP, Taylor, OBD) that need one or more
/// forward/backward passes outside the training step. The trainer implements it over a fixed set of batches of the
/// training data (the same batches on every call).
/// </summary>
public interface IGradientSource
{
    /// <summary>How many batches the score set has.</summary>
    public int BatchCount { get; }

    /// <summary>
    /// Sets every <see cref="Nn.Parameter.Grad"/> of the model to the gradient of the mean loss on batch
    /// <paramref name="batch"/> (zeroing first), computed with the logits divided by <paramref name="temperature"/>
    /// before the loss (GraSP uses T = 200; everything else uses 1). Uses the current parameter values, masked or not.
    /// </summary>
    /// <returns>The loss on that batch.</returns>
    public float ComputeGradients(int batch, float temperature);
}
