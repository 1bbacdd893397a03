using Sprig.Data;
using Sprig.Nn;
using Sprig.Sparsity.Chase;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// One-shot channel pruning of a trained model through its <see cref="ChannelGraph"/>: score every channel, kill the
/// lowest (<see cref="ChannelSurgery.Kill"/>), and leave the shrink to <see cref="ModelShrinker"/>. The filter scores
/// (<c>l1</c>, <c>taylor</c>, <c>apoz</c>) are not comparable across layers, so each layer loses the same fraction;
/// network slimming's <c>bn-scale</c> (|γ|, trained with the bn-l1 penalty) is global, with each layer keeping at
/// least ⌊C_l·(1 − S)·β⌋ channels.
/// </summary>
public static class StructuredPruning
{
    /// <summary>The channel scores <see cref="Prune"/> knows.</summary>
    public static IReadOnlyList<string> ScoreNames { get; } = ["l1", "bn-scale", "taylor", "apoz"];

    /// <summary>Kills the lowest-scoring fraction <paramref name="sparsity"/> of the prunable channels; returns how many.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="score">One of <see cref="ScoreNames"/>.</param>
    /// <param name="sparsity">The fraction of prunable channels to remove, in [0, 1).</param>
    /// <param name="minChannelRatio">β, the per-layer floor factor of the global <c>bn-scale</c> selection.</param>
    /// <param name="batches">Training batches for the data-dependent scores (taylor, apoz).</param>
    /// <exception cref="SprigException">Unknown score, sparsity out of range, or a model the score does not fit.</exception>
    public static int Prune(Module model, string score, double sparsity, double minChannelRatio, IEnumerable<DataBatch> batches)
    {
        if (!(sparsity >= 0 && sparsity < 1))
        {
            throw new SprigException($"--channel-sparsity must be in [0, 1), got {sparsity:R}");
        }

        ChannelGraph graph = ChannelGraph.Build(model);
        if (graph.Groups.Count == 0)
        {
            throw new SprigException("the model has no channel-prunable layer");
        }

        float[][] scores = Scores(graph, model, score, batches);
        int layers = graph.Groups.Count;
        var alive = new bool[layers][];
        int[] floors = new int[layers];
        int count = 0;
        for (int g = 0; g < layers; g++)
        {
            int channels = graph.Groups[g].Channels;
            alive[g] = ChannelSurgery.DeadChannels(graph.Groups[g]).Select(d => !d).ToArray();
            int removed = (int)Math.Floor(sparsity * channels);
            floors[g] = score == "bn-scale" ? Math.Max(1, (int)Math.Floor(channels * (1 - sparsity) * minChannelRatio)) : Math.Max(1, channels - removed);
            count += removed;
        }

        List<int>[] chosen = ChannelSelection.Lowest(scores, alive, floors, count);
        int killed = 0;
        for (int g = 0; g < layers; g++)
        {
            foreach (int c in chosen[g])
            {
                ChannelSurgery.Kill(graph.Groups[g], c);
                killed++;
            }
        }

        return killed;
    }

    private static float[][] Scores(ChannelGraph graph, Module model, string score, IEnumerable<DataBatch> batches)
    {
        var scores = new float[graph.Groups.Count][];
        switch (score)
        {
            case "l1":
                for (int g = 0; g < scores.Length; g++)
                {
                    scores[g] = ChannelScores.L1Norm(new PrunableWeight(graph.Groups[g].Name, graph.Groups[g].ProducerWeight));
                }

                return scores;
            case "bn-scale":
                for (int g = 0; g < scores.Length; g++)
                {
                    BatchNorm norm = graph.Groups[g].Norm ?? throw new SprigException($"--score bn-scale needs a batch norm after every prunable layer, and '{graph.Groups[g].Name}' has none");
                    scores[g] = ChannelScores.BatchNormScale(norm.Weight);
                }

                return scores;
            case "taylor":
                return Taylor(graph, model, batches);
            case "apoz":
                return ActivityScores(graph, model, batches);
            default:
                throw new SprigException($"unknown channel score '{score}' (expected {string.Join(", ", ScoreNames)})");
        }
    }

    /// <summary>First-order Taylor estimate of the loss change when a filter is removed: |Σ w·g| over its row, averaged over batches.</summary>
    private static float[][] Taylor(ChannelGraph graph, Module model, IEnumerable<DataBatch> batches)
    {
        var scores = new float[graph.Groups.Count][];
        for (int g = 0; g < scores.Length; g++)
        {
            scores[g] = new float[graph.Groups[g].Channels];
        }

        var loss = new SoftmaxCrossEntropy();
        model.Train();
        foreach (DataBatch batch in batches)
        {
            model.ZeroGrad();
            loss.Forward(model.Forward(batch.Images), batch.Labels);
            model.Backward(loss.Backward());
            for (int g = 0; g < scores.Length; g++)
            {
                Parameter w = graph.Groups[g].ProducerWeight;
                int row = w.Length / scores[g].Length;
                for (int c = 0; c < scores[g].Length; c++)
                {
                    scores[g][c] += Math.Abs(System.Numerics.Tensors.TensorPrimitives.Dot(w.Value.Span.Slice(c * row, row), w.Grad.Span.Slice(c * row, row)));
                }
            }
        }

        model.ZeroGrad();
        return scores;
    }

    /// <summary>1 − APoZ of each channel's ReLU output, so that the least active channels score lowest.</summary>
    private static float[][] ActivityScores(ChannelGraph graph, Module model, IEnumerable<DataBatch> batches)
    {
        var activations = new List<Tensor>[graph.Groups.Count];
        for (int g = 0; g < activations.Length; g++)
        {
            if (graph.Groups[g].Activation is null)
            {
                throw new SprigException($"--score apoz needs a ReLU after every prunable layer, and '{graph.Groups[g].Name}' has none");
            }

            activations[g] = [];
        }

        using (new ModeScope(model, training: false))
        {
            foreach (DataBatch batch in batches)
            {
                model.Forward(batch.Images);
                for (int g = 0; g < activations.Length; g++)
                {
                    activations[g].Add(graph.Groups[g].Activation!.LastOutput!.Clone());
                }
            }
        }

        var scores = new float[activations.Length][];
        for (int g = 0; g < scores.Length; g++)
        {
            float[] apoz = ChannelScores.AveragePercentageOfZeros(activations[g]);
            scores[g] = apoz.Select(z => 1f - z).ToArray();
        }

        return scores;
    }
}
