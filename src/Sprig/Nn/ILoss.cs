using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A classification loss over a batch of logits [N, classes] and integer labels: the mean over the batch,
/// and its gradient with respect to the outputs. The predicted class is the largest logit.
/// </summary>
public interface ILoss
{
    /// <summary>Returns the mean loss of the batch and keeps what <see cref="Backward"/> needs.</summary>
    public float Forward(Tensor logits, ReadOnlySpan<int> labels);

    /// <summary>The gradient of the last <see cref="Forward"/>'s mean loss with respect to its logits.</summary>
    public Tensor Backward();
}
