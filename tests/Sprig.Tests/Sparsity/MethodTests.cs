using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Methods;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class MethodTests
{
    private static readonly (Tensor Inputs, int[] Labels) s_data = SparsityTestKit.Data(256, 3);

    private static Sgd Optimizer(Module model) => new(model.Parameters(), 0.05f, momentum: 0.9f, weightDecay: 5e-4f);

    private static int[] ActiveCounts(Module model) => PrunableWeight.Of(model).Select(l => l.ActiveCount()).ToArray();

    [Fact]
    public void StaticErkMasksHitTheBudgetAndMaskedWeightsAndMomentumStayZero()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        Sgd sgd = Optimizer(model);
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "static", Sparsity = 0.8 });
        var masksBefore = new List<float[]>();
        SparsityTestKit.Train(model, method, sgd, s_data, epochs: 3, batchSize: 32, afterStep: step =>
        {
            if (step == 0)
            {
                masksBefore.AddRange(PrunableWeight.Of(model).Select(l => (float[])l.Parameter.Mask!.Clone()));
            }

            SparsityTestKit.AssertMaskedWeightsAreZero(model);
            foreach (PrunableWeight layer in PrunableWeight.Of(model))
            {
                float[] momentum = sgd.StateOf(layer.Parameter)["momentum"];
                for (int i = 0; i < momentum.Length; i++)
                {
                    Assert.True(layer.Parameter.Mask![i] == 1f || momentum[i] == 0f);
                }
            }
        });

        var layers = PrunableWeight.Of(model);
        int[] expected = new ErdosRenyiBudget().KeepCounts(layers, null, 0.8);
        Assert.Equal(expected, ActiveCounts(model));
        Assert.Equal(expected, SparsityReport.Measure(model).Layers.Select(l => (int)l.Nonzeros).ToArray());
        Assert.Equal(masksBefore, layers.Select(l => l.Parameter.Mask!));
        double achieved = SparsityReport.Measure(model).Sparsity;
        Assert.True(Math.Abs(achieved - 0.8) * layers.Sum(l => l.Length) <= layers.Count);
    }

    [Fact]
    public void SparseTrainingLowersTheLoss()
    {
        Sequential model = SparsityTestKit.Mlp(2);
        var loss = new SoftmaxCrossEntropy();
        float before = loss.Forward(model.Forward(s_data.Inputs), s_data.Labels);
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "static", Sparsity = 0.5, Budget = "uniform" });
        float after = SparsityTestKit.Train(model, method, Optimizer(model), s_data, epochs: 20, batchSize: 32);
        Assert.True(after < 0.5f * before, $"loss {before} -> {after}");
    }

    [Fact]
    public void SnipKeepsTheGlobalTopWeightTimesGradient()
    {
        Sequential model = SparsityTestKit.Mlp(3);
        var source = new ModelGradientSource(model, s_data, batchSize: 64, batches: 1);
        var layers = PrunableWeight.Of(model);
        source.ComputeGradients(0, 1f);
        float[] expected = layers.SelectMany(l => Enumerable.Range(0, l.Length).Select(i => MathF.Abs(l.Parameter.Value.Span[i] * l.Parameter.Grad.Span[i]))).ToArray();

        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "snip", Sparsity = 0.9 });
        Assert.True(method.NeedsGradientSource);
        method.GradientSource = source;
        method.Attach(model, Optimizer(model), new TrainingSchedule(1, 1), new Rng(1));

        float[] mask = layers.SelectMany(l => l.Parameter.Mask!).ToArray();
        int keep = mask.Length - (int)Math.Floor(0.9 * mask.Length);
        Assert.Equal(keep, (int)mask.Sum());
        float threshold = expected.OrderDescending().ElementAt(keep - 1);
        for (int i = 0; i < mask.Length; i++)
        {
            Assert.Equal(expected[i] >= threshold ? 1f : 0f, mask[i]);
        }
    }

    [Fact]
    public void GraspPrunesAtInitialisationWithoutEmptyingALayer()
    {
        Sequential model = SparsityTestKit.Mlp(4);
        SparsityMethod method = SparsityMethodFactory.Create(new SparsityOptions { Method = "grasp", Sparsity = 0.95 });
        method.GradientSource = new ModelGradientSource(model, s_data, batchSize: 32, batches: 2);
        float[] before = PrunableWeight.Of(model).SelectMany(l => l.Parameter.Value.Span.ToArray()).ToArray();
        method.Attach(model, Optimizer(model), new TrainingSchedule(1, 1), new Rng(1));
        Assert.All(ActiveCounts(model), c => Assert.True(c >= 1));
        // The finite-difference probe must leave the surviving weights as they were.
        float[] after = PrunableWeight.Of(model).SelectMany(l => l.Parameter.Value.Span.ToArray()).ToArray();
        float[] mask = PrunableWeight.Of(model).SelectMany(l => l.Parameter.Mask!).ToArray();
        for (int i = 0; i < before.Length; i++)
        {
            Assert.Equal(before[i] * mask[i], after[i]);
        }
    }

    [Fact]
    public void GmpIsMonotoneNeverRevivesAndReachesTheTargetAtTheEndStep()
    {
        Sequential model = SparsityTestKit.Mlp(5);
        var options = new SparsityOptions { Method = "gmp", Sparsity = 0.9, PruneStartEpoch = 1, PruneEndEpoch = 3, PruneEvery = 6 };
        SparsityMethod method = SparsityMethodFactory.Create(options);
        var layers = PrunableWeight.Of(model);
        long total = layers.Sum(l => (long)l.Length);
        double previous = 0;
        float[][]? previousMasks = null;
        var reached = new List<long>();
        SparsityTestKit.Train(model, method, Optimizer(model), s_data, epochs: 4, batchSize: 32, afterStep: step =>
        {
            double sparsity = SparsityReport.Measure(model).Sparsity;
            Assert.True(sparsity >= previous - 1e-12);
            previous = sparsity;
            float[][] masks = layers.Select(l => (float[])l.Parameter.Mask!.Clone()).ToArray();
            if (previousMasks is not null)
            {
                for (int l = 0; l < masks.Length; l++)
                {
                    Assert.All(masks[l].Zip(previousMasks[l]), pair => Assert.True(pair.First <= pair.Second));
                }
            }

            previousMasks = masks;
            if (Math.Abs(sparsity - 0.9) * total <= layers.Count)
            {
                reached.Add(step + 1);
            }

            if (step + 1 <= 8)
            {
                Assert.Equal(0, sparsity);
            }
        });

        Assert.Equal(24, reached.Min()); // 8 steps per epoch: the end epoch 3 is step 24
        Assert.Equal(new UniformBudget().KeepCounts(layers, null, 0.9), ActiveCounts(model));
        SparsityTestKit.AssertMaskedWeightsAreZero(model);
    }

    [Fact]
    public void OneShotPrunesChannelsOnceThenFineTunes()
    {
        Sequential model = SparsityTestKit.Mlp(6);
        var options = new SparsityOptions { Method = "oneshot", Sparsity = 0.5, Granularity = "channel", PruneStartEpoch = 1 };
        SparsityMethod method = SparsityMethodFactory.Create(options);
        var sparsities = new List<double>();
        SparsityTestKit.Train(model, method, Optimizer(model), s_data, epochs: 2, batchSize: 32,
            afterStep: _ => sparsities.Add(SparsityReport.Measure(model).Sparsity));

        Assert.All(sparsities.Take(7), s => Assert.Equal(0, s));
        Assert.All(sparsities.Skip(7), s => Assert.Equal(sparsities[7], s));
        foreach (PrunableWeight layer in PrunableWeight.Of(model))
        {
            float[] mask = layer.Parameter.Mask!;
            int keptRows = 0;
            for (int r = 0; r < layer.Rows; r++)
            {
                float first = mask[r * layer.RowLength];
                Assert.All(mask.AsSpan(r * layer.RowLength, layer.RowLength).ToArray(), v => Assert.Equal(first, v));
                keptRows += (int)first;
            }

            Assert.Equal(layer.Rows / 2, keptRows);
        }
    }

    [Fact]
    public void LotteryTicketsPruneTwentyPercentPerRoundAndRewind()
    {
        Sequential model = SparsityTestKit.Mlp(7);
        Sgd sgd = Optimizer(model);
        var initial = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Span.ToArray());
        var method = (LotteryTicketMethod)SparsityMethodFactory.Create(new SparsityOptions { Method = "lth", Sparsity = 1 - Math.Pow(0.8, 3) });
        Assert.Equal(3, method.Rounds);
        var layers = PrunableWeight.Of(model);
        int[] sizes = layers.Select(l => l.Length).ToArray();
        SparsityTestKit.Train(model, method, sgd, s_data, epochs: 4, batchSize: 32, afterEpoch: epoch =>
        {
            if (epoch > 3)
            {
                return;
            }

            Assert.Equal(epoch, method.RoundsDone);
            int[] expected = sizes.Select(n => n - (int)Math.Floor((1 - Math.Pow(0.8, epoch)) * n)).ToArray();
            Assert.Equal(expected, ActiveCounts(model));
            foreach (var (name, tensor) in model.StateDict())
            {
                float[] start = initial[name];
                float[]? mask = layers.FirstOrDefault(l => l.Name == name)?.Parameter.Mask;
                for (int i = 0; i < start.Length; i++)
                {
                    Assert.Equal(start[i] * (mask?[i] ?? 1f), tensor.Span[i]);
                }
            }

            Assert.All(sgd.Parameters, p => Assert.All(sgd.StateOf(p).Values, b => Assert.All(b, v => Assert.Equal(0f, v))));
        });

        Assert.Equal(1, method.RoundEpochs);
        SparsityTestKit.AssertMaskedWeightsAreZero(model);
    }

    [Fact]
    public void LotteryTicketsRewindToALaterEpoch()
    {
        Sequential model = SparsityTestKit.Mlp(8);
        var method = new LotteryTicketMethod(0.36, rounds: 2, roundEpochs: 2, rewindEpoch: 1, new GlobalBudget(), MaskPattern.Element);
        Dictionary<string, float[]>? atEpoch1 = null;
        SparsityTestKit.Train(model, method, Optimizer(model), s_data, epochs: 5, batchSize: 32, afterEpoch: epoch =>
        {
            if (epoch == 1)
            {
                atEpoch1 = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Span.ToArray());
            }

            if (epoch == 2)
            {
                Assert.Equal(0.2, SparsityReport.Measure(model).Sparsity, 2);
                float[] w = model.StateDict()["0.weight"].Span.ToArray();
                float[] mask = PrunableWeight.Of(model)[0].Parameter.Mask!;
                Assert.Equal(atEpoch1!["0.weight"].Select((v, i) => v * mask[i]), w);
            }
        });

        Assert.Equal(0.36, SparsityReport.Measure(model).Sparsity, 2);
    }

    [Fact]
    public void NOfMFromScratchKeepsValidMasksAndTrainsTheDenseCopy()
    {
        Sequential model = SparsityTestKit.Mlp(9);
        var loss = new SoftmaxCrossEntropy();
        float before = loss.Forward(model.Forward(s_data.Inputs), s_data.Labels);
        var method = (NmSparseMethod)SparsityMethodFactory.Create(new SparsityOptions { Method = "nm", NM = "2:4" });
        var layers = PrunableWeight.Of(model);
        var maskChanges = 0;
        float[]? lastMask = null;
        float after = SparsityTestKit.Train(model, method, Optimizer(model), s_data, epochs: 6, batchSize: 32, afterStep: _ =>
        {
            foreach (PrunableWeight layer in layers)
            {
                float[] mask = layer.Parameter.Mask!;
                for (int g = 0; g < mask.Length; g += 4)
                {
                    Assert.Equal(2f, mask[g] + mask[g + 1] + mask[g + 2] + mask[g + 3]);
                }
            }

            SparsityTestKit.AssertMaskedWeightsAreZero(model);
            float[] first = layers[0].Parameter.Mask!;
            maskChanges += lastMask is not null && !lastMask.SequenceEqual(first) ? 1 : 0;
            lastMask = (float[])first.Clone();
        });

        Assert.Equal(0.5, SparsityReport.Measure(model).Sparsity, 12);
        Assert.True(maskChanges > 0, "the N:M mask should move during training");
        Assert.True(after < 0.8f * before, $"loss {before} -> {after}");

        // The dense copies survive in the state and are nonzero where the mask is zero.
        float[] dense = method.SaveTensors()["nm.dense.0.weight"].Data;
        Assert.Contains(dense.Where((_, i) => layers[0].Parameter.Mask![i] == 0f), v => v != 0);
    }

    [Fact]
    public void NOfMAddsTheDecayOnPrunedWeightsBeforeTheStep()
    {
        ParameterHolder holder = SparsityTestKit.Holder([1, 4]);
        Parameter p = holder.Parameters()[0];
        float[] w = [1f, -4f, 0.5f, 3f];
        w.CopyTo(p.Value.Span);
        var method = new NmSparseMethod(MaskPattern.NOfM(2, 4), decay: 0.1f);
        method.Attach(holder, new Sgd([p], 0.1f), new TrainingSchedule(1, 1), new Rng(1));
        Assert.Equal([0f, -4f, 0f, 3f], p.Value.Span.ToArray());

        method.BeforeOptimizerStep(0);
        Assert.Equal([0.1f, 0f, 0.05f, 0f], p.Grad.Span.ToArray());
        Assert.Equal(w, p.Value.Span.ToArray()); // the optimizer updates the dense weights
    }
}
