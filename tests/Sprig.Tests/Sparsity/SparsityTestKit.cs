using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

/// <summary>Small models, data and a training loop for the sparsity tests.</summary>
internal static class SparsityTestKit
{
    /// <summary>An MLP 8-16-12-4 with ReLUs.</summary>
    public static Sequential Mlp(ulong seed)
    {
        var rng = new Rng(seed);
        return new Sequential(new Linear(8, 16, rng), new ReLU(), new Linear(16, 12, rng), new ReLU(), new Linear(12, 4, rng));
    }

    /// <summary>A module that only holds prunable parameters of the given shapes (conv-like 4-D ones included).</summary>
    public static ParameterHolder Holder(params int[][] shapes)
    {
        var rng = new Rng(7);
        var parameters = new List<Parameter>();
        foreach (int[] shape in shapes)
        {
            var p = new Parameter(new Tensor(shape), prunable: true);
            Init.DefaultUniform(p.Value, Math.Max(1, p.Length / shape[0]), rng);
            parameters.Add(p);
        }

        return new ParameterHolder(parameters);
    }

    /// <summary>A synthetic 4-class problem: labels from a fixed random linear map of Gaussian inputs.</summary>
    public static (Tensor Inputs, int[] Labels) Data(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var teacher = new float[4 * 8];
        for (int i = 0; i < teacher.Length; i++)
        {
            teacher[i] = new Rng(99 + (ulong)i).NextGaussian();
        }

        var x = new Tensor(count, 8);
        int[] labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            Span<float> row = x.Span.Slice(n * 8, 8);
            for (int j = 0; j < 8; j++)
            {
                row[j] = rng.NextGaussian();
            }

            int best = 0;
            float bestValue = float.NegativeInfinity;
            for (int c = 0; c < 4; c++)
            {
                float v = System.Numerics.Tensors.TensorPrimitives.Dot(row, teacher.AsSpan(c * 8, 8));
                if (v > bestValue)
                {
                    (best, bestValue) = (c, v);
                }
            }

            labels[n] = best;
        }

        return (x, labels);
    }

    /// <summary>The batch of rows [start, start + size).</summary>
    public static (Tensor Inputs, int[] Labels) Batch((Tensor Inputs, int[] Labels) data, int start, int size)
    {
        int features = data.Inputs.Length / data.Inputs.Dim(0);
        var x = new Tensor(data.Inputs.Data.AsSpan(start * features, size * features).ToArray(), size, features);
        return (x, data.Labels.AsSpan(start, size).ToArray());
    }

    /// <summary>Trains with the hook order of the trainer contract and returns the last epoch's mean loss.</summary>
    public static float Train(Module model, SparsityMethod method, Optimizer optimizer, (Tensor Inputs, int[] Labels) data,
        int epochs, int batchSize, Action<long>? afterStep = null, Action<int>? afterEpoch = null)
    {
        int steps = data.Labels.Length / batchSize;
        var loss = new SoftmaxCrossEntropy();
        method.Attach(model, optimizer, new TrainingSchedule(epochs, steps), new Rng(5));
        long step = 0;
        float lastLoss = 0f;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            double total = 0;
            for (int s = 0; s < steps; s++)
            {
                var (x, y) = Batch(data, s * batchSize, batchSize);
                model.ZeroGrad();
                total += loss.Forward(model.Forward(x), y);
                model.Backward(loss.Backward());
                if (method.BeforeOptimizerStep(step))
                {
                    optimizer.Step();
                }

                method.AfterOptimizerStep(step);
                afterStep?.Invoke(step);
                step++;
            }

            lastLoss = (float)(total / steps);
            method.OnEpochEnd(epoch);
            afterEpoch?.Invoke(epoch);
        }

        return lastLoss;
    }

    /// <summary>Every prunable weight whose mask is 0 is exactly 0.</summary>
    public static void AssertMaskedWeightsAreZero(Module model)
    {
        foreach (PrunableWeight layer in PrunableWeight.Of(model))
        {
            float[] mask = layer.Parameter.Mask ?? throw new InvalidOperationException($"{layer.Name} has no mask");
            ReadOnlySpan<float> w = layer.Parameter.Value.Span;
            for (int i = 0; i < w.Length; i++)
            {
                if (mask[i] == 0f)
                {
                    Assert.Equal(0f, w[i]);
                }
            }
        }
    }
}

/// <summary>A module over a list of parameters, named 0.weight, 1.weight, … (no forward pass).</summary>
internal sealed class ParameterHolder : Module
{
    private readonly IReadOnlyList<Parameter> _parameters;

    public ParameterHolder(IReadOnlyList<Parameter> parameters)
    {
        _parameters = parameters;
    }

    public override Tensor Forward(Tensor input) => throw new NotSupportedException();

    public override Tensor Backward(Tensor outputGradient) => throw new NotSupportedException();

    protected override IEnumerable<(string Name, Parameter Parameter)> OwnParameters()
    {
        for (int i = 0; i < _parameters.Count; i++)
        {
            yield return ($"{i}.weight", _parameters[i]);
        }
    }
}

/// <summary>The gradient of the model's cross-entropy on fixed batches of a data set.</summary>
internal sealed class ModelGradientSource : IGradientSource
{
    private readonly Module _model;
    private readonly (Tensor Inputs, int[] Labels) _data;
    private readonly int _batchSize;
    private readonly SoftmaxCrossEntropy _loss = new();

    public ModelGradientSource(Module model, (Tensor Inputs, int[] Labels) data, int batchSize, int batches)
    {
        _model = model;
        _data = data;
        _batchSize = batchSize;
        BatchCount = batches;
    }

    public int BatchCount { get; }

    public float ComputeGradients(int batch, float temperature)
    {
        var (x, y) = SparsityTestKit.Batch(_data, batch * _batchSize, _batchSize);
        _model.ZeroGrad();
        Tensor logits = _model.Forward(x);
        System.Numerics.Tensors.TensorPrimitives.Divide(logits.Span, temperature, logits.Span);
        float value = _loss.Forward(logits, y);
        Tensor g = _loss.Backward();
        System.Numerics.Tensors.TensorPrimitives.Divide(g.Span, temperature, g.Span);
        _model.Backward(g);
        return value;
    }
}
