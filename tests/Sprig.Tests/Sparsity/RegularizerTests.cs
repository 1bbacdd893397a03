using Sprig.Nn;
using Sprig.Sparsity;
using Sprig.Sparsity.Regularizers;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class RegularizerTests
{
    [Fact]
    public void L1AddsLambdaTimesSign()
    {
        ParameterHolder holder = SparsityTestKit.Holder([1, 4]);
        Parameter p = holder.Parameters()[0];
        float[] w = [2f, -3f, 0f, 0.5f];
        w.CopyTo(p.Value.Span);
        var r = new L1Regularizer(0.1f);
        r.Attach(holder, PrunableWeight.Of(holder));
        r.AddToGradients();
        Assert.Equal([0.1f, -0.1f, 0f, 0.1f], p.Grad.Span.ToArray());
    }

    [Fact]
    public void GroupLassoGradientMatchesFiniteDifferences()
    {
        ParameterHolder holder = SparsityTestKit.Holder([3, 2, 2], [2, 5]);
        var layers = PrunableWeight.Of(holder);
        Array.Clear(layers[0].Parameter.Value.Data, 4, 4); // an all-zero group has zero subgradient
        var r = new GroupLassoRegularizer(0.3f);
        r.Attach(holder, layers);
        r.AddToGradients();

        foreach (PrunableWeight layer in layers)
        {
            float[] w = layer.Parameter.Value.Data;
            for (int i = 0; i < w.Length; i++)
            {
                if (w[i] == 0f)
                {
                    Assert.Equal(0f, layer.Parameter.Grad.Span[i]);
                    continue;
                }

                float saved = w[i];
                const float h = 1e-3f;
                w[i] = saved + h;
                double plus = Penalty(layers, 0.3);
                w[i] = saved - h;
                double minus = Penalty(layers, 0.3);
                w[i] = saved;
                Assert.Equal((plus - minus) / (2 * h), layer.Parameter.Grad.Span[i], 2e-3);
            }
        }
    }

    [Fact]
    public void BatchNormL1FindsTheScalesAndPenalisesOnlyThem()
    {
        var gamma = new Parameter(new Tensor([0.5f, -1f], 2), prunable: false);
        var model = new Sequential(SparsityTestKit.Holder([2, 2]), new GammaHolder(gamma));
        var r = new BatchNormScaleL1Regularizer(0.01f);
        r.Attach(model, PrunableWeight.Of(model));
        r.AddToGradients();
        Assert.Equal([0.01f, -0.01f], gamma.Grad.Span.ToArray());
        Assert.All(PrunableWeight.Of(model)[0].Parameter.Grad.Span.ToArray(), g => Assert.Equal(0f, g));

        var noBn = new BatchNormScaleL1Regularizer(0.01f);
        Assert.Throws<SprigException>(() => noBn.Attach(SparsityTestKit.Mlp(1), []));
    }

    private static double Penalty(IReadOnlyList<PrunableWeight> layers, double strength)
    {
        double total = 0;
        foreach (PrunableWeight layer in layers)
        {
            for (int r = 0; r < layer.Rows; r++)
            {
                double norm = Math.Sqrt(layer.Parameter.Value.Span.Slice(r * layer.RowLength, layer.RowLength).ToArray().Sum(v => (double)v * v));
                total += strength * Math.Sqrt(layer.RowLength) * norm;
            }
        }

        return total;
    }

    private sealed class GammaHolder(Parameter gamma) : Module
    {
        public override Tensor Forward(Tensor input) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;

        protected override IEnumerable<(string Name, Parameter Parameter)> OwnParameters() => [("weight", gamma)];
    }
}
