using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// Recomputes every batch norm's running statistics from data, as PyTorch's <c>swa_utils.update_bn</c> does: the
/// statistics are reset and replaced by the cumulative average of the batch statistics over one pass (momentum
/// 1/k for the k-th batch), in training mode. Needed after surgery because the statistics were gathered while
/// the removed channels still existed and the weights were still moving.
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Runs the pass over <paramref name="batches"/>; returns how many batches were seen.</summary>
    public static int Run(Module model, IEnumerable<Tensor> batches)
    {
        var norms = new List<(BatchNorm Norm, float Momentum)>();
        foreach (var (_, module) in model.NamedModules())
        {
            if (module is BatchNorm norm)
            {
                norms.Add((norm, norm.Momentum));
                norm.RunningMean.Clear();
                norm.RunningVar.Span.Fill(1f);
                norm.NumBatchesTracked.Clear();
            }
        }

        if (norms.Count == 0)
        {
            return 0;
        }

        using var mode = new ModeScope(model, training: true);
        int seen = 0;
        try
        {
            foreach (Tensor batch in batches)
            {
                seen++;
                foreach (var (norm, _) in norms)
                {
                    norm.Momentum = 1f / seen;
                }

                model.Forward(batch);
            }
        }
        finally
        {
            foreach (var (norm, momentum) in norms)
            {
                norm.Momentum = momentum;
            }
        }

        return seen;
    }
}
