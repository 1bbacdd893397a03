using Sprig.Models;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Models;

public class ModelZooTests
{
    /// <summary>
    /// PyTorch's parameter counts and state-dict sizes for 1×28×28 input and 10 classes, printed by
    /// <c>/usr/bin/python3 tests/Sprig.Tests/Models/torch_parameter_counts.py</c> (PyTorch 1.13).
    /// </summary>
    [Theory]
    [InlineData("mlp", 266_610, 6)]
    [InlineData("lenet5", 431_080, 8)]
    [InlineData("cnn", 1_199_882, 8)]
    [InlineData("resnet20", 272_186, 128)]
    [InlineData("vgg11s", 2_309_610, 50)]
    public void ParameterCounts_MatchPyTorch(string name, int parameters, int stateEntries)
    {
        Module model = ModelZoo.Create(name, 1, 28, 28, 10, new Rng(1));

        Assert.Equal(parameters, model.Parameters().Sum(p => p.Length));
        Assert.Equal(stateEntries, model.StateDict().Count);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("lenet5")]
    [InlineData("cnn")]
    [InlineData("resnet20")]
    [InlineData("vgg11s")]
    public void Forward_GivesOneLogitPerClass(string name)
    {
        Module model = ModelZoo.Create(name, 1, 28, 28, 10, new Rng(2));

        Tensor logits = model.Forward(RandomInput(3, 1, 28, 28));

        Assert.Equal([3, 10], logits.ShapeArray());
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
        Assert.False(model.NeedsInputGradient);
    }

    [Fact]
    public void FirstLayerWithParameters_SkipsItsInputGradient()
    {
        var model = (Sequential)ModelZoo.Create("mlp", 1, 28, 28, 10, new Rng(9));

        Assert.False(model.Layers[1].NeedsInputGradient);
        Assert.True(model.Layers[3].NeedsInputGradient);
    }

    [Fact]
    public void LeadingParameterFreeLayers_AreSkippedInBackward()
    {
        var rng = new Rng(10);
        var model = new Sequential(new MaxPool2d(2), new ReLU(), new Conv2d(1, 2, 3, rng)) { NeedsInputGradient = false };
        Tensor output = model.Forward(RandomInput(2, 1, 10, 10));

        model.Backward(new Tensor(output.ShapeArray()));

        Assert.False(model.Layers[0].NeedsInputGradient);
        Assert.False(model.Layers[2].NeedsInputGradient);
    }

    [Fact]
    public void ResNet20_StateNamesMatchPyTorch()
    {
        var names = ModelZoo.Create("resnet20", 1, 28, 28, 10, new Rng(3)).StateDict().Keys.ToHashSet();

        Assert.Contains("3.c1.weight", names);
        Assert.Contains("6.sc.0.weight", names);
        Assert.Contains("6.sc.1.num_batches_tracked", names);
        Assert.Contains("14.weight", names);
        Assert.DoesNotContain("3.sc.0.weight", names);
    }

    [Fact]
    public void OtherInputSizesAndClasses_SizeTheHead()
    {
        Module model = ModelZoo.Create("lenet5", 3, 32, 32, 7, new Rng(4));

        Assert.Equal([2, 7], model.Forward(RandomInput(2, 3, 32, 32)).ShapeArray());
        Assert.Equal([500, 50 * 5 * 5], model.NamedParameters().Single(p => p.Name == "7.weight").Parameter.Value.ShapeArray());
    }

    [Fact]
    public void UnknownName_ListsTheValidNames()
    {
        var error = Assert.Throws<SprigException>(() => ModelZoo.Create("alexnet", 1, 28, 28, 10, new Rng(5)));

        Assert.Contains("mlp, lenet5, cnn, resnet20, vgg11s", error.Message);
    }

    [Fact]
    public void TooSmallInput_ThrowsOneLineError()
    {
        var error = Assert.Throws<SprigException>(() => ModelZoo.Create("vgg11s", 1, 8, 8, 10, new Rng(6)));

        Assert.Contains("does not fit 8x8", error.Message);
    }

    [Theory]
    [InlineData("mlp", 0.1f)]
    [InlineData("cnn", 0.05f)]
    [InlineData("resnet20", 0.05f)]
    public void Loss_FallsOnASyntheticTask(string name, float learningRate)
    {
        // Four classes, each a fixed random 12×12 pattern plus noise; 40 SGD steps on batches of 16.
        var rng = new Rng(7);
        const int Classes = 4;
        const int Size = 12;
        var prototypes = new float[Classes][];
        for (int c = 0; c < Classes; c++)
        {
            prototypes[c] = RandomInput(1, 1, Size, Size, rng).Data;
        }

        Module model = ModelZoo.Create(name, 1, Size, Size, Classes, new Rng(8));
        var optimizer = new Sgd(model.Parameters(), learningRate, momentum: 0.9f);
        var loss = new SoftmaxCrossEntropy();
        var batch = new Tensor(16, 1, Size, Size);
        int[] labels = new int[16];
        float first = 0f;
        float last = 0f;
        for (int step = 0; step < 40; step++)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = rng.NextInt(Classes);
                for (int j = 0; j < Size * Size; j++)
                {
                    batch.Data[(i * Size * Size) + j] = prototypes[labels[i]][j] + (0.5f * rng.NextGaussian());
                }
            }

            model.ZeroGrad();
            float value = loss.Forward(model.Forward(batch), labels);
            model.Backward(loss.Backward());
            optimizer.Step();
            first = step == 0 ? value : first;
            last = value;
        }

        Assert.True(last < 0.3f * first, $"{name}: loss went from {first} to {last}");
    }

    private static Tensor RandomInput(int n, int c, int h, int w, Rng? rng = null)
    {
        rng ??= new Rng(99);
        var tensor = new Tensor(n, c, h, w);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.Data[i] = rng.NextGaussian();
        }

        return tensor;
    }
}
