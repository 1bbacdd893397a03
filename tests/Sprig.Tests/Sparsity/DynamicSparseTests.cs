using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Methods;
using Sprig.Sparsity.Schedules;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class DynamicSparseTests
{
    private const int Epochs = 4;
    private const int BatchSize = 32;
    private static readonly (Tensor Inputs, int[] Labels) s_data = SparsityTestKit.Data(256, 3);

    private static Sgd Optimizer(Module model) => new(model.Parameters(), 0.05f, momentum: 0.9f, weightDecay: 5e-4f);

    private static int[] ActiveCounts(Module model) => PrunableWeight.Of(model).Select(l => l.ActiveCount()).ToArray();

    private static DynamicSparseMethod Create(SparsityOptions options) => (DynamicSparseMethod)SparsityMethodFactory.Create(options);

    [Theory]
    [InlineData("rigl", new long[] { 3, 6, 9, 12, 15, 18, 21 })]
    [InlineData("mest", new long[] { 3, 6, 9, 12, 15, 18, 21 })]
    [InlineData("srigl", new long[] { 3, 6, 9, 12, 15, 18, 21 })]
    [InlineData("granet", new long[] { 3, 6, 9, 12, 15, 18, 21, 24, 27, 30 })]
    [InlineData("set", new long[0])]
    public void DenseGradient_IsAskedForOnlyOnTheUpdateStepsOfGradientGrowth(string name, long[] expected)
    {
        // ΔT = 3 over 32 steps: T_end is 75% (24 steps) for RigL, MEST and SRigL, later for GraNet; SET grows at random.
        Sequential model = SparsityTestKit.Mlp(1);
        DynamicSparseMethod method = Create(new SparsityOptions { Method = name, Sparsity = 0.9, UpdateEvery = 3 });
        method.Attach(model, Optimizer(model), new TrainingSchedule(Epochs, 8), new Rng(2));
        Assert.Equal(expected, Enumerable.Range(0, 32).Select(t => (long)t).Where(method.NeedsDenseGradientAt));
    }

    [Fact]
    public void DenseGradient_IsAskedForOnEveryStepOfMomentumGrowth()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        DynamicSparseMethod method = Create(new SparsityOptions { Method = "snfs", Sparsity = 0.9 });
        method.Attach(model, Optimizer(model), new TrainingSchedule(Epochs, 8), new Rng(2));
        Assert.All(Enumerable.Range(0, 32), t => Assert.True(method.NeedsDenseGradientAt(t)));
    }

    private static List<DstUpdate> Updates(SparsityMethod method) =>
        method.DrainEvents().TryGetValue("dst_updates", out object? updates) ? [.. (DstUpdate[])updates] : [];

    /// <summary>
    /// Checks after every step that masked weights are zero and that positions switched on since the last call start
    /// at weight 0 with zero momentum (the first call, after the first step, only records the masks).
    /// </summary>
    private static Action<long> RegrowthChecks(Module model, Sgd sgd, bool checkRegrownValues = true)
    {
        List<float[]>? previous = null;
        return _ =>
        {
            SparsityTestKit.AssertMaskedWeightsAreZero(model);
            if (previous is null)
            {
                previous = PrunableWeight.Of(model).Select(l => (float[])l.Parameter.Mask!.Clone()).ToList();
                return;
            }

            var layers = PrunableWeight.Of(model);
            for (int l = 0; l < layers.Count; l++)
            {
                float[] mask = layers[l].Parameter.Mask!;
                float[] momentum = sgd.State(layers[l].Parameter, "momentum");
                for (int i = 0; i < mask.Length; i++)
                {
                    if (mask[i] == 1f && previous[l][i] == 0f)
                    {
                        Assert.Equal(0f, momentum[i]);
                        if (checkRegrownValues)
                        {
                            Assert.Equal(0f, layers[l].Parameter.Value.Span[i]);
                        }
                    }
                }

                mask.CopyTo(previous[l], 0);
            }
        };
    }

    [Fact]
    public void RigLKeepsNnzFollowsTheCosineScheduleStopsAtTEndAndRegrowsAtZero()
    {
        Sequential model = SparsityTestKit.Mlp(1);
        Sgd sgd = Optimizer(model);
        var method = (RigLMethod)Create(new SparsityOptions { Method = "rigl", Sparsity = 0.7, UpdateEvery = 3 });
        int[]? initial = null;
        var updates = new List<DstUpdate>();
        Action<long> regrowth = RegrowthChecks(model, sgd);
        SparsityTestKit.Train(model, method, sgd, s_data, Epochs, BatchSize, afterStep: step =>
        {
            initial ??= ActiveCounts(model);
            Assert.Equal(initial, ActiveCounts(model));
            regrowth(step);
            updates.AddRange(Updates(method));
        });

        long steps = Epochs * (256 / BatchSize);
        long end = (long)(0.75 * steps);
        long[] expectedSteps = Enumerable.Range(1, (int)steps).Select(s => (long)s).Where(s => s % 3 == 0 && s < end).ToArray();
        Assert.Equal(expectedSteps, updates.Select(u => u.Step).ToArray());
        foreach (DstUpdate u in updates)
        {
            double f = 0.15 * (1 + Math.Cos(Math.PI * u.Step / end));
            Assert.Equal(f, u.Fraction, 12);
            Assert.Equal(initial!.Select(n => (int)Math.Floor(f * n)).ToArray(), u.Dropped);
            Assert.Equal(u.Dropped, u.Grown);
        }

        Assert.True(updates[^1].InTimeOverParameterization > 0.3);
    }

    [Fact]
    public void RigLSkipsTheOptimizerStepOnUpdateSteps()
    {
        Sequential model = SparsityTestKit.Mlp(2);
        Sgd sgd = Optimizer(model);
        SparsityMethod method = Create(new SparsityOptions { Method = "rigl", Sparsity = 0.5, UpdateEvery = 4 });
        method.Attach(model, sgd, new TrainingSchedule(1, 8), new Rng(1));
        var loss = new SoftmaxCrossEntropy();
        for (long step = 0; step < 8; step++)
        {
            var (x, y) = SparsityTestKit.Batch(s_data, (int)step * BatchSize, BatchSize);
            model.ZeroGrad();
            loss.Forward(model.Forward(x), y);
            model.Backward(loss.Backward());
            Assert.Equal(step != 4, method.BeforeOptimizerStep(step));
        }
    }

    [Fact]
    public void SetDropsZetaOfEachSignAtEpochEndsExceptTheLastAndKeepsNnz()
    {
        Sequential model = SparsityTestKit.Mlp(3);
        Sgd sgd = Optimizer(model);
        SparsityMethod method = Create(new SparsityOptions { Method = "set", Sparsity = 0.6 });
        int[]? initial = null;
        var expectedDrops = new List<int[]>();
        var updates = new List<DstUpdate>();
        Action<long> regrowth = RegrowthChecks(model, sgd);
        SparsityTestKit.Train(model, method, sgd, s_data, Epochs, BatchSize,
            afterStep: step =>
            {
                initial ??= ActiveCounts(model);
                regrowth(step);
                if ((step + 1) % (256 / BatchSize) == 0)
                {
                    // SET's count at this epoch end: ζ of the positive and ζ of the negative active weights, plus exact zeros.
                    expectedDrops.Add(PrunableWeight.Of(model).Select(l =>
                    {
                        float[] mask = l.Parameter.Mask!;
                        ReadOnlySpan<float> w = l.Parameter.Value.Span;
                        int pos = 0;
                        int neg = 0;
                        int zero = 0;
                        for (int i = 0; i < w.Length; i++)
                        {
                            pos += mask[i] != 0f && w[i] > 0f ? 1 : 0;
                            neg += mask[i] != 0f && w[i] < 0f ? 1 : 0;
                            zero += mask[i] != 0f && w[i] == 0f ? 1 : 0;
                        }

                        return (int)(0.3 * pos) + (int)(0.3 * neg) + zero;
                    }).ToArray());
                }
            },
            afterEpoch: _ =>
            {
                Assert.Equal(initial, ActiveCounts(model));
                regrowth(-1);
                updates.AddRange(Updates(method));
            });

        Assert.Equal(Epochs - 1, updates.Count);
        for (int e = 0; e < updates.Count; e++)
        {
            Assert.Equal(expectedDrops[e], updates[e].Dropped);
            Assert.Equal(updates[e].Dropped, updates[e].Grown);
        }
    }

    [Fact]
    public void SetWithEpsilonGivesErdosRenyiCountsCappedAtDense()
    {
        Sequential model = SparsityTestKit.Mlp(4);
        SparsityMethod method = Create(new SparsityOptions { Method = "set", SetEpsilon = 2 });
        method.Attach(model, Optimizer(model), new TrainingSchedule(2, 8), new Rng(1));
        // 8-16-12-4 with ε = 2: 2·(8+16), 2·(16+12), 2·(12+4) of 128, 192 and 48 weights.
        Assert.Equal([48, 56, 32], ActiveCounts(model));
        Assert.Equal(1.0 - (136.0 / 368), method.TargetSparsity, 12);
    }

    [Fact]
    public void SnfsRedistributionRegrowsExactlyWhatItRemoved()
    {
        Sequential model = SparsityTestKit.Mlp(5);
        Sgd sgd = Optimizer(model);
        var method = (SnfsMethod)Create(new SparsityOptions { Method = "snfs", Sparsity = 0.7 });
        int total = 0;
        int epochsChecked = 0;
        bool redistributed = false;
        Action<long> regrowth = RegrowthChecks(model, sgd);
        SparsityTestKit.Train(model, method, sgd, s_data, Epochs, BatchSize,
            afterStep: step =>
            {
                total = total == 0 ? ActiveCounts(model).Sum() : total;
                regrowth(step);
            },
            afterEpoch: epoch =>
            {
                regrowth(-1);
                Assert.Equal(total, ActiveCounts(model).Sum());
                if (epoch < Epochs)
                {
                    Assert.Equal(method.LastRemoved.Sum(), method.LastRegrown.Sum());
                    Assert.True(method.LastRemoved.Sum() > 0);
                    redistributed |= !method.LastRemoved.SequenceEqual(method.LastRegrown);
                    epochsChecked++;
                }
            });

        Assert.Equal(Epochs - 1, epochsChecked);
        Assert.True(redistributed);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void GraNetSparsityFollowsTheCubicScheduleAndRegenerationKeepsNnz(double initialSparsity)
    {
        Sequential model = SparsityTestKit.Mlp(6);
        Sgd sgd = Optimizer(model);
        var method = (GraNetMethod)Create(new SparsityOptions
        {
            Method = "granet", Sparsity = 0.8, InitialSparsity = initialSparsity, UpdateEvery = 2, PruneEndEpoch = 2,
        });
        long total = 368;
        Action<long> regrowth = RegrowthChecks(model, sgd);
        int regenerations = 0;
        double expected = initialSparsity;
        SparsityTestKit.Train(model, method, sgd, s_data, Epochs, BatchSize, afterStep: step =>
        {
            regrowth(step);
            CubicSchedule pruning = method.Pruning!;
            expected = step > 0 && pruning.IsPruneStep(step) ? pruning.SparsityAt(step) : expected;
            long kept = ActiveCounts(model).Sum();

            // The schedule's sparsity holds from each prune step to the next (within rounding): regeneration keeps nnz.
            Assert.InRange(kept, (long)Math.Floor(total * (1 - expected)) - 1, (long)Math.Ceiling(total * (1 - expected)) + 1);
            regenerations += Updates(method).Count;
        });

        Assert.Equal(0.8, 1 - (ActiveCounts(model).Sum() / (double)total), 2);
        Assert.Equal(Enumerable.Range(1, 31).Count(s => s % 2 == 0), regenerations);
    }

    [Fact]
    public void MestGrowsAboveTheBudgetThenSettlesOnItAtTEnd()
    {
        Sequential model = SparsityTestKit.Mlp(7);
        Sgd sgd = Optimizer(model);
        var method = (MestMethod)Create(new SparsityOptions { Method = "mest", Sparsity = 0.7, UpdateEvery = 3, DropFraction = 0.1 });
        long end = (long)(0.75 * Epochs * 8);
        long maxAbove = 0;
        Action<long> regrowth = RegrowthChecks(model, sgd);
        SparsityTestKit.Train(model, method, sgd, s_data, Epochs, BatchSize, afterStep: step =>
        {
            regrowth(step);
            long active = ActiveCounts(model).Sum();
            Assert.True(active <= method.Budgeted + (long)Math.Ceiling(0.1 * 368) + 1);
            maxAbove = Math.Max(maxAbove, active - method.Budgeted);
            if (step >= end)
            {
                Assert.Equal(method.Budgeted, active);
            }
        });

        Assert.True(maxAbove > 10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void SRigLRowsAllKeepExactlyKInputsAndCondenseToTheSameProduct(double minSalient)
    {
        var rng = new Rng(8);
        var model = new Sequential(new Linear(40, 24, rng), new ReLU(), new Linear(24, 16, rng), new ReLU(), new Linear(16, 4, rng));
        var data = (Inputs: new Tensor(256, 40), Labels: s_data.Labels);
        for (int i = 0; i < data.Inputs.Length; i++)
        {
            data.Inputs.Span[i] = rng.NextGaussian();
        }

        Sgd sgd = Optimizer(model);
        var method = (SRigLMethod)Create(new SparsityOptions { Method = "srigl", Sparsity = 0.8, UpdateEvery = 2, MinSalientFraction = minSalient });
        int updates = 0;
        int ablatedRows = 0;
        SparsityTestKit.Train(model, method, sgd, data, Epochs, BatchSize, afterStep: _ =>
        {
            updates += Updates(method).Count;
            var layers = PrunableWeight.Of(model);
            for (int l = 0; l < layers.Count; l++)
            {
                if (!method.IsManaged(l))
                {
                    continue;
                }

                int k = method.FanIn(l);
                float[] mask = layers[l].Parameter.Mask!;
                for (int r = 0; r < layers[l].Rows; r++)
                {
                    int count = (int)mask.AsSpan(r * layers[l].RowLength, layers[l].RowLength).ToArray().Sum();
                    Assert.True(count == k || (count == 0 && l < layers.Count - 1), $"layer {l} row {r}: {count} active, k = {k}");
                    ablatedRows += count == 0 ? 1 : 0;
                }
            }
        });

        Assert.True(updates > 5);
        Assert.Equal(minSalient > 0, ablatedRows > 0);
        PrunableWeight first = PrunableWeight.Of(model)[0];
        CondensedLayout condensed = method.Condense(0);
        Assert.Equal(method.FanIn(0), condensed.FanIn);
        float[] x = Enumerable.Range(0, 40).Select(i => MathF.Sin(i)).ToArray();
        float[] y = new float[24];
        condensed.MultiplyReference(x, y);
        ReadOnlySpan<float> w = first.Parameter.Value.Span;
        for (int r = 0; r < 24; r++)
        {
            double expected = 0;
            for (int c = 0; c < 40; c++)
            {
                expected += w[(r * 40) + c] * x[c];
            }

            Assert.Equal(expected, y[r], 4);
        }
    }

    [Fact]
    public void CondensingRejectsUnequalFanIn()
    {
        float[] mask = [1, 1, 0, 1, 0, 0];
        Assert.Throws<SprigException>(() => CondensedLayout.FromMasked(new float[6], mask, 2, 3));
    }

    [Fact]
    public void CosineDecayMatchesRigLsFormula()
    {
        var decay = new CosineDecay(0.3, 0, 1000);
        Assert.Equal(0.3, decay.At(0), 12);
        Assert.Equal(0.15, decay.At(500), 12);
        Assert.Equal(0, decay.At(1000));
        Assert.Equal(0, decay.At(5000));
    }

    [Theory]
    [InlineData("set", typeof(SetMethod))]
    [InlineData("rigl", typeof(RigLMethod))]
    [InlineData("snfs", typeof(SnfsMethod))]
    [InlineData("granet", typeof(GraNetMethod))]
    [InlineData("mest", typeof(MestMethod))]
    [InlineData("srigl", typeof(SRigLMethod))]
    public void FactoryCreatesEveryDynamicMethod(string name, Type type) =>
        Assert.IsType(type, SparsityMethodFactory.Create(new SparsityOptions { Method = name, Sparsity = 0.8 }));

    public static TheoryData<SparsityOptions> BadDstOptions() =>
    [
        new SparsityOptions { Method = "rigl", Sparsity = 0.9, UpdateEvery = 0 },
        new SparsityOptions { Method = "set" },
        new SparsityOptions { Method = "rigl", Sparsity = 0.9, DropFraction = 1.5 },
        new SparsityOptions { Method = "rigl", Sparsity = 0.9, Growth = "psychic" },
        new SparsityOptions { Method = "rigl", Sparsity = 0.9, Redistribution = "momentum" },
        new SparsityOptions { Method = "srigl", Sparsity = 0.9, Growth = "random" },
        new SparsityOptions { Method = "granet", Sparsity = 0.5, InitialSparsity = 0.7 },
        new SparsityOptions { Method = "gmp", Sparsity = 0.5, SetEpsilon = 13 },
        new SparsityOptions { Method = "set", SetEpsilon = -1 },
        new SparsityOptions { Method = "rigl", Sparsity = 0.9, Granularity = "channel" },
    ];

    [Theory]
    [MemberData(nameof(BadDstOptions))]
    public void RejectsBadDstOptions(SparsityOptions options) =>
        Assert.Throws<SprigException>(() => SparsityMethodFactory.Create(options));
}
