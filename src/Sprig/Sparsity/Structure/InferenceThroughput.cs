using System.Diagnostics;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>Measures evaluation-mode forward throughput (images per second) of a model on one batch.</summary>
public static class InferenceThroughput
{
    // Five timed rounds of at least this long each; the median resists the other processes on a shared machine.
    private const double RoundSeconds = 0.2;
    private const int Rounds = 5;

    /// <summary>The median images per second over a few timed rounds of forward passes on <paramref name="batch"/>.</summary>
    public static double Measure(Module model, Tensor batch)
    {
        using (new ModeScope(model, training: false))
        {
            model.Forward(batch);
            double[] rates = new double[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                int passes = 0;
                while (passes == 0 || clock.Elapsed.TotalSeconds < RoundSeconds)
                {
                    model.Forward(batch);
                    passes++;
                }

                rates[round] = (double)passes * batch.Dim(0) / clock.Elapsed.TotalSeconds;
            }

            Array.Sort(rates);
            return rates[Rounds / 2];
        }
    }
}
