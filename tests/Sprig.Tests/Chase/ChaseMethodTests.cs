using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Chase;
using Sprig.Sparsity.Methods;
using Sprig.Sparsity.Structure;
using Sprig.Tensors;

namespace Sprig.Tests.Chase;

public class ChaseMethodTests
{
    private const int Epochs = 6;
    private const int Batch = 8;
    private const int Samples = 64;

    [Fact]
    public void Channels_FollowTheCubicScheduleAtEvents_AndNeverGoBelowTheFloor()
    {
        var run = Train(new ChaseSettings(0.5, 0.5, 0.05, 4, 8, null, 1), out ChaseMethod chase, out _);
        ChannelGraph graph = chase.Graph!;
        int total = 8 + 12;

        Assert.NotEmpty(run.ChannelEvents);
        foreach (var (step, sparsity, alive) in run.ChannelEvents)
        {
            Assert.Equal(Math.Floor(chase.Timeline!.ChannelSparsityAt(step, 0.5) * total) / total, sparsity, 9);
            for (int g = 0; g < alive.Length; g++)
            {
                Assert.True(alive[g] >= chase.Floors[g], $"layer {graph.Groups[g].Name} has {alive[g]} < floor {chase.Floors[g]}");
            }
        }

        Assert.Equal(0.5, chase.ChannelSparsity);
        Assert.Equal([2, 3], chase.Floors);

        // Removed channels are gone from the producer rows and the consumer inputs, weights and masks alike.
        for (int g = 0; g < graph.Groups.Count; g++)
        {
            bool[] dead = ChannelSurgery.DeadChannels(graph.Groups[g]);
            for (int c = 0; c < dead.Length; c++)
            {
                Assert.Equal(!chase.IsAlive(g, c), dead[c] && MaskRowZero(graph.Groups[g], c));
            }
        }
    }

    [Fact]
    public void PhaseA_PrunesBackToTheBudget_ThenGrowsToTheSoftBound_AndPhaseB_KeepsTheBudget()
    {
        var run = Train(new ChaseSettings(0.5, 0.5, 0.05, 4, 8, null, 2), out ChaseMethod chase, out _);
        long parameters = chase.Layers.Sum(l => (long)l.Length);
        double density = (double)chase.Budgeted / parameters;

        Assert.NotEmpty(run.Updates);
        Assert.Contains(run.Updates, u => chase.Timeline!.InPhaseB(u.Step));
        foreach (var (step, active, growCapacity) in run.Updates)
        {
            long expected = chase.Timeline!.InPhaseB(step)
                ? chase.Budgeted
                : (long)Math.Floor(parameters * chase.Timeline.GrowDensityAt(step, density, 0.05));
            Assert.Equal(Math.Min(expected, growCapacity), active);
        }
    }

    [Fact]
    public void WithoutSoftBound_PhaseAUpdatesLandExactlyOnTheBudget()
    {
        var run = Train(new ChaseSettings(0.5, 0.5, 0, 4, 8, null, 2), out ChaseMethod chase, out _);

        Assert.All(run.Updates, u => Assert.Equal(chase.Budgeted, u.Active));
    }

    [Fact]
    public void RegrownWeightsAndTheirMomentum_StartAtZero()
    {
        var run = Train(new ChaseSettings(0.5, 0.5, 0.05, 4, 8, null, 2), out _, out _);

        Assert.True(run.Regrown > 0);
        Assert.Equal(0, run.RegrownNonzero);
    }

    [Fact]
    public void StateRoundTrip_RestoresTheAliveChannels()
    {
        Train(new ChaseSettings(0.5, 0.5, 0.05, 4, 8, null, 1), out ChaseMethod chase, out _);
        IReadOnlyDictionary<string, double[]> state = chase.SaveState();
        var fresh = new ChaseMethod(0.8, new ErdosRenyiBudget(), new ChaseSettings(0.5, 0.5, 0.05, 4, 8, null, 1));
        fresh.Attach(Model(1), new Sgd(Model(1).Parameters(), 0.1f), new TrainingSchedule(Epochs, Samples / Batch), new Rng(2));

        fresh.LoadState(state);

        Assert.Equal(chase.ChannelSparsity, fresh.ChannelSparsity);
    }

    [Fact]
    public void SettingsOutOfRange_AreRefused()
    {
        Assert.Throws<SprigException>(() => new ChaseMethod(0.9, new ErdosRenyiBudget(), new ChaseSettings(1.0, 0.2, 0.05, null, null, null, null)));
        Assert.Throws<SprigException>(() => new ChaseMethod(0.9, new ErdosRenyiBudget(), new ChaseSettings(0.3, 0, 0.05, null, null, null, null)));
        Assert.Throws<SprigException>(() => new ChaseMethod(0.9, new ErdosRenyiBudget(), new ChaseSettings(0.3, 0.2, -1, null, null, null, null)));
        var mlp = new Sequential(new Linear(4, 3, new Rng(1)));
        var method = new ChaseMethod(0.5, new ErdosRenyiBudget(), new ChaseSettings(0.3, 0.2, 0.05, null, null, null, null));
        Assert.Throws<SprigException>(() => method.Attach(mlp, new Sgd(mlp.Parameters(), 0.1f), new TrainingSchedule(1, 10), new Rng(1)));
    }

    /// <summary>conv(1→8) BN ReLU conv(8→12) BN ReLU conv(12→16) BN ReLU GAP flatten linear(16→4): two prunable layers.</summary>
    private static Sequential Model(ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential(
            new Conv2d(1, 8, 3, rng, padding: 1, bias: false), new BatchNorm2d(8), new ReLU(),
            new Conv2d(8, 12, 3, rng, padding: 1, bias: false), new BatchNorm2d(12), new ReLU(),
            new Conv2d(12, 16, 3, rng, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(),
            new GlobalAvgPool2d(), new Flatten(), new Linear(16, 4, rng));
        model.NeedsInputGradient = false;
        return model;
    }

    private static bool MaskRowZero(ChannelGroup group, int c)
    {
        int row = group.ProducerWeight.Length / group.Channels;
        return group.ProducerWeight.Mask!.AsSpan(c * row, row).IndexOfAnyExcept(0f) < 0;
    }

    /// <summary>Trains the small model for <see cref="Epochs"/> epochs with the trainer's hook order and records what Chase did.</summary>
    private static Record Train(ChaseSettings settings, out ChaseMethod method, out Sequential network)
    {
        Sequential model = network = Model(1);
        ChaseMethod chase = method = new ChaseMethod(0.8, new ErdosRenyiBudget(), settings);
        var optimizer = new Sgd(model.Parameters(), 0.05f, momentum: 0.9f);
        var schedule = new TrainingSchedule(Epochs, Samples / Batch);
        chase.Attach(model, optimizer, schedule, new Rng(3));
        var loss = new SoftmaxCrossEntropy();
        var record = new Record();
        var rng = new Rng(4);
        long step = 0;
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int b = 0; b < Samples / Batch; b++, step++)
            {
                var x = new Tensor(Batch, 1, 6, 6);
                int[] labels = new int[Batch];
                for (int i = 0; i < x.Length; i++)
                {
                    x.Data[i] = rng.NextGaussian();
                }

                for (int n = 0; n < Batch; n++)
                {
                    labels[n] = x.Data[n * 36] > 0 ? 1 : 0;
                }

                model.ZeroGrad();
                loss.Forward(model.Forward(x), labels);
                model.Backward(loss.Backward());
                if (chase.BeforeOptimizerStep(step))
                {
                    optimizer.Step();
                }

                float[][] before = chase.Layers.Select(l => (float[])l.Parameter.Mask!.Clone()).ToArray();
                double channelSparsity = chase.ChannelSparsity;
                chase.AfterOptimizerStep(step);
                long completed = step + 1;
                if (chase.Timeline!.IsWeightUpdate(completed))
                {
                    record.Updates.Add((completed, chase.Layers.Sum(l => (long)l.ActiveCount()), GrowCapacity(chase)));
                    for (int l = 0; l < chase.Layers.Count; l++)
                    {
                        Parameter p = chase.Layers[l].Parameter;
                        float[] momentum = optimizer.State(p, "momentum");
                        for (int i = 0; i < p.Length; i++)
                        {
                            if (before[l][i] == 0f && p.Mask![i] == 1f)
                            {
                                record.Regrown++;
                                record.RegrownNonzero += p.Value.Data[i] != 0f || momentum[i] != 0f ? 1 : 0;
                            }
                        }
                    }
                }

                if (chase.Timeline.IsChannelEvent(completed) && chase.ChannelSparsity != channelSparsity)
                {
                    int[] alive = Enumerable.Range(0, chase.Graph!.Groups.Count)
                        .Select(g => Enumerable.Range(0, chase.Graph.Groups[g].Channels).Count(c => chase.IsAlive(g, c))).ToArray();
                    record.ChannelEvents.Add((completed, chase.ChannelSparsity, alive));
                }
            }
        }

        return record;
    }

    /// <summary>The number of positions not inside a removed channel: growth cannot exceed it.</summary>
    private static long GrowCapacity(ChaseMethod chase)
    {
        long capacity = chase.Layers.Sum(l => (long)l.Length);
        ChannelGraph graph = chase.Graph!;
        for (int g = 0; g < graph.Groups.Count; g++)
        {
            ChannelGroup group = graph.Groups[g];
            int dead = Enumerable.Range(0, group.Channels).Count(c => !chase.IsAlive(g, c));
            capacity -= (long)dead * (group.ProducerWeight.Length / group.Channels);
            capacity -= (long)dead * group.ConsumerSpan * group.ConsumerWeight.Value.Dim(0);
        }

        return capacity;
    }

    private sealed class Record
    {
        public List<(long Step, double Sparsity, int[] Alive)> ChannelEvents { get; } = [];

        public List<(long Step, long Active, long GrowCapacity)> Updates { get; } = [];

        public int Regrown { get; set; }

        public int RegrownNonzero { get; set; }
    }
}
