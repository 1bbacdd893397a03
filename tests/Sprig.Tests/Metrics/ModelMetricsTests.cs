using Sprig.Metrics;
using Sprig.Models;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Metrics;

public class ModelMetricsTests
{
    private static readonly int[] s_fashionMnist = [1, 28, 28];

    [Fact]
    public void Mlp_FlopsMatchHandCount()
    {
        ModelMetrics m = Measure("mlp");

        // A linear layer with bias costs 2·in·out (in multiplies, in − 1 adds and a bias add per output).
        Assert.Equal([2L * 784 * 300, 2L * 300 * 100, 2L * 100 * 10], m.Layers.Select(l => l.DenseFlops));
        Assert.Equal(300 + 100, m.ActivationFlops);
        Assert.Equal(470_400 + 60_000 + 2_000 + 400, m.DenseForwardFlops);
        Assert.Equal(m.DenseForwardFlops, m.SparseForwardFlops);
        Assert.Equal((3 * m.DenseForwardFlops) - 470_400, m.DenseTrainingFlops);
    }

    [Fact]
    public void LeNet5_FlopsMatchHandCount()
    {
        ModelMetrics m = Measure("lenet5");

        // conv 1→20 5×5 on 28×28 gives 24×24; pool 12×12; conv 20→50 5×5 gives 8×8; pool 4×4; fc 800→500→10.
        long[] layers = [2L * 20 * 25 * 24 * 24, 2L * 50 * 20 * 25 * 8 * 8, 2L * 800 * 500, 2L * 500 * 10];
        long relu = (20 * 24 * 24) + (50 * 8 * 8) + 500;
        Assert.Equal(layers, m.Layers.Select(l => l.DenseFlops));
        Assert.Equal(layers.Sum() + relu, m.DenseForwardFlops);
        Assert.Equal([[20, 24, 24], [50, 8, 8], [500], [10]], m.Layers.Select(l => l.OutputShape.ToArray()));
    }

    [Fact]
    public void Cnn_FlopsMatchHandCount()
    {
        ModelMetrics m = Measure("cnn");

        // conv 1→32 3×3: 26×26; conv 32→64 3×3: 24×24; pool 12×12; fc 9216→128→10.
        long[] layers = [2L * 32 * 9 * 26 * 26, 2L * 64 * 32 * 9 * 24 * 24, 2L * 9216 * 128, 2L * 128 * 10];
        long relu = (32 * 26 * 26) + (64 * 24 * 24) + 128;
        Assert.Equal(layers, m.Layers.Select(l => l.DenseFlops));
        Assert.Equal(layers.Sum() + relu, m.DenseForwardFlops);
    }

    [Fact]
    public void ResNet20_FlopsMatchHandCount()
    {
        ModelMetrics m = Measure("resnet20");

        // Convs have no bias: k²·cin multiplies and k²·cin − 1 adds per output. Stages run at 28², 14², 7².
        long expected = Conv(1, 16, 3, 28);
        long relu = 16 * 28 * 28;
        foreach (var (cin, cout, size) in new[] { (16, 16, 28), (16, 32, 14), (32, 64, 7) })
        {
            expected += Conv(cin, cout, 3, size) + (5 * Conv(cout, cout, 3, size)) + (cin == cout ? 0 : Conv(cin, cout, 1, size));
            relu += 3 * 2 * cout * size * size;
        }

        expected += (2L * 64 * 10) + relu;
        Assert.Equal(expected, m.DenseForwardFlops);
        Assert.Equal(22, m.Layers.Count);
    }

    [Fact]
    public void SparseFlopsAndBytes_CountOnlyNonzeros()
    {
        Module model = ModelZoo.Create("mlp", 1, 28, 28, 10, new Rng(3));
        Parameter first = model.NamedParameters().First(p => p.Name == "1.weight").Parameter;
        first.Value.Span[..(784 * 300 / 4 * 3)].Clear();

        ModelMetrics m = ModelMetrics.Measure(model, s_fashionMnist);

        LayerMetrics layer = m.Layers[0];
        long nonzeros = 784 * 300 / 4;
        Assert.Equal(nonzeros, layer.Nonzeros);
        Assert.Equal(0.75, layer.Sparsity, 12);
        Assert.Equal(2 * nonzeros, layer.SparseFlops);
        Assert.Equal("bitmap", layer.Format);
        Assert.Equal((784 * 300 / 8) + (4 * nonzeros) + (4 * 300), layer.SparseBytes);
        Assert.Equal((4L * 784 * 300) + (4 * 300), layer.DenseBytes);
        Assert.Equal(m.DenseBytes - layer.DenseBytes + layer.SparseBytes, m.SparseBytes);
        Assert.Equal((3 * m.SparseForwardFlops) - layer.SparseFlops, m.SparseTrainingFlops);
        Assert.Equal("dense", m.Layers[1].Format);
    }

    [Fact]
    public void Measure_LeavesTheModelInItsMode()
    {
        Module model = ModelZoo.Create("resnet20", 1, 28, 28, 10, new Rng(4));

        ModelMetrics.Measure(model, s_fashionMnist);

        Assert.True(model.IsTraining);
        Assert.All(model.NamedBuffers().Where(b => b.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)), b => Assert.Equal(0f, b.Buffer.Span[0]));
    }

    private static ModelMetrics Measure(string name) =>
        ModelMetrics.Measure(ModelZoo.Create(name, 1, 28, 28, 10, new Rng(1)), s_fashionMnist);

    private static long Conv(int cin, int cout, int k, int size) => (2L * cout * cin * k * k * size * size) - ((long)cout * size * size);
}
