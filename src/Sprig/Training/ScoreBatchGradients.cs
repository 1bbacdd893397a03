using Sprig.Data;
using Sprig.Nn;
using Sprig.Sparsity;
using Sprig.Tensors;

namespace Sprig.Training;

/// <summary>
/// Gradients on a fixed set of training batches (the first batches of epoch 0's order), for the data-dependent
/// scores that methods such as SNIP and GraSP compute before training.
/// </summary>
internal sealed class ScoreBatchGradients(Module model, DataLoader loader, int batches, ILoss lossFunction) : IGradientSource
{
    public int BatchCount { get; } = Math.Min(batches, loader.BatchesPerEpoch);

    public float ComputeGradients(int batch, float temperature)
    {
        DataBatch data = loader.GetBatch(0, batch);
        model.ZeroGrad();
        Tensor logits = model.Forward(data.Images);
        if (temperature != 1f)
        {
            // The loss sees z/T; its gradient with respect to z is the gradient at z/T times 1/T.
            System.Numerics.Tensors.TensorPrimitives.Divide(logits.Span, temperature, logits.Span);
        }

        float loss = lossFunction.Forward(logits, data.Labels);
        Tensor gradient = lossFunction.Backward();
        if (temperature != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(gradient.Span, temperature, gradient.Span);
        }

        model.Backward(gradient);
        return loss;
    }
}
