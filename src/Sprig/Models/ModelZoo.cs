using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Models;

/// <summary>
/// The reference networks by name, layer for layer the same as the PyTorch peer (<c>peers/torch_fmnist.py</c>) so
/// that parameter names, counts and costs can be compared. Input size and class count come from the data; the first
/// linear layer's fan-in is computed from them.
/// </summary>
public static class ModelZoo
{
    private static readonly int[] s_vggWidths = [32, 64, 128, 128, 256, 256, 256, 256];

    // A 2×2 max-pool follows these vgg11s convolutions (0-based), so 28×28 shrinks 28 → 14 → 7 → 3 → 1.
    private static readonly bool[] s_vggPoolAfter = [true, true, false, true, false, true, false, false];

    /// <summary>The valid model names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp", "set-mlp", "lenet5", "cnn", "resnet20", "vgg11s"];

    /// <summary>
    /// Builds model <paramref name="name"/> for [N, <paramref name="channels"/>, <paramref name="height"/>,
    /// <paramref name="width"/>] input and <paramref name="classes"/> outputs, initialised like PyTorch from
    /// <paramref name="initRng"/>. The first layer does not compute its input gradient.
    /// </summary>
    /// <exception cref="SprigException">The name is unknown or the input is too small for the model.</exception>
    public static Module Create(string name, int channels, int height, int width, int classes, Rng initRng)
    {
        if (channels < 1 || height < 1 || width < 1 || classes < 1)
        {
            throw new SprigException($"model '{name}' needs positive input sizes and class count, got {channels}x{height}x{width} and {classes} classes");
        }

        Module model = name switch
        {
            "mlp" => Mlp(channels * height * width, classes, initRng),
            "set-mlp" => SetMlp(channels * height * width, classes, initRng),
            "lenet5" => LeNet5(channels, height, width, classes, initRng),
            "cnn" => Cnn(channels, height, width, classes, initRng),
            "resnet20" => ResNet20(channels, classes, initRng),
            "vgg11s" => Vgg11s(channels, height, width, classes, initRng),
            _ => throw new SprigException($"unknown model '{name}'; valid models: {string.Join(", ", Names)}"),
        };
        model.NeedsInputGradient = false;
        return model;
    }

    /// <summary>LeNet-300-100.</summary>
    private static Sequential Mlp(int inputs, int classes, Rng rng) => new(
        new Flatten(),
        new Linear(inputs, 300, rng), new ReLU(),
        new Linear(300, 100, rng), new ReLU(),
        new Linear(100, classes, rng));

    /// <summary>
    /// The SET paper's MLP (Mocanu et al. 2018, <c>set_mlp.py</c>): 784-1000-1000-1000-10, ReLU, dropout 0.2 after
    /// every hidden layer. Weights are uniform in ±√(6/fan-in) like the reference (√6 times PyTorch's default bound).
    /// </summary>
    private static Sequential SetMlp(int inputs, int classes, Rng rng)
    {
        const float DropProbability = 0.2f;
        var layers = new List<Module> { new Flatten() };
        int width = inputs;
        for (int i = 0; i < 3; i++)
        {
            layers.Add(ScaledLinear(width, 1000, rng));
            layers.Add(new ReLU());
            layers.Add(new Dropout(DropProbability, rng));
            width = 1000;
        }

        layers.Add(ScaledLinear(width, classes, rng));
        return new Sequential([.. layers]);
    }

    private static Linear ScaledLinear(int inputs, int outputs, Rng rng)
    {
        var linear = new Linear(inputs, outputs, rng);
        System.Numerics.Tensors.TensorPrimitives.Multiply(linear.Weight.Value.Span, MathF.Sqrt(6f), linear.Weight.Value.Span);
        return linear;
    }

    /// <summary>LeNet-5-Caffe: conv20 5×5, pool, conv50 5×5, pool, fc500, fc.</summary>
    private static Sequential LeNet5(int channels, int height, int width, int classes, Rng rng)
    {
        int outH = Shrunk(Shrunk(Shrunk(Shrunk(height, 5, 1), 2, 2), 5, 1), 2, 2);
        int outW = Shrunk(Shrunk(Shrunk(Shrunk(width, 5, 1), 2, 2), 5, 1), 2, 2);
        RequireSpatial("lenet5", outH, outW, height, width);
        return new Sequential(
            new Conv2d(channels, 20, 5, rng), new ReLU(), new MaxPool2d(2),
            new Conv2d(20, 50, 5, rng), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(50 * outH * outW, 500, rng), new ReLU(),
            new Linear(500, classes, rng));
    }

    /// <summary>The common two-conv MNIST network: conv32 3×3, conv64 3×3, pool, fc128, fc.</summary>
    private static Sequential Cnn(int channels, int height, int width, int classes, Rng rng)
    {
        int outH = Shrunk(Shrunk(Shrunk(height, 3, 1), 3, 1), 2, 2);
        int outW = Shrunk(Shrunk(Shrunk(width, 3, 1), 3, 1), 2, 2);
        RequireSpatial("cnn", outH, outW, height, width);
        return new Sequential(
            new Conv2d(channels, 32, 3, rng), new ReLU(),
            new Conv2d(32, 64, 3, rng), new ReLU(), new MaxPool2d(2),
            new Flatten(),
            new Linear(64 * outH * outW, 128, rng), new ReLU(),
            new Linear(128, classes, rng));
    }

    /// <summary>ResNet-20 for small images: 3 stages × 3 basic blocks, widths 16-32-64, global average pool, linear.</summary>
    private static Sequential ResNet20(int channels, int classes, Rng rng)
    {
        var layers = new List<Module> { new Conv2d(channels, 16, 3, rng, padding: 1, bias: false), new BatchNorm2d(16), new ReLU() };
        int inChannels = 16;
        foreach (var (outChannels, stride) in new[] { (16, 1), (32, 2), (64, 2) })
        {
            for (int i = 0; i < 3; i++)
            {
                layers.Add(new BasicBlock(inChannels, outChannels, i == 0 ? stride : 1, rng));
                inChannels = outChannels;
            }
        }

        layers.Add(new GlobalAvgPool2d());
        layers.Add(new Flatten());
        layers.Add(new Linear(64, classes, rng));
        return new Sequential([.. layers]);
    }

    /// <summary>A small VGG-11 with batch norm: 8 conv3×3 + BN + ReLU layers, 4 max-pools, global average pool, linear.</summary>
    private static Sequential Vgg11s(int channels, int height, int width, int classes, Rng rng)
    {
        var layers = new List<Module>();
        int inChannels = channels;
        int outH = height;
        int outW = width;
        for (int i = 0; i < s_vggWidths.Length; i++)
        {
            layers.Add(new Conv2d(inChannels, s_vggWidths[i], 3, rng, padding: 1, bias: false));
            layers.Add(new BatchNorm2d(s_vggWidths[i]));
            layers.Add(new ReLU());
            if (s_vggPoolAfter[i])
            {
                layers.Add(new MaxPool2d(2));
                outH = Shrunk(outH, 2, 2);
                outW = Shrunk(outW, 2, 2);
            }

            inChannels = s_vggWidths[i];
        }

        RequireSpatial("vgg11s", outH, outW, height, width);
        layers.Add(new GlobalAvgPool2d());
        layers.Add(new Flatten());
        layers.Add(new Linear(inChannels, classes, rng));
        return new Sequential([.. layers]);
    }

    /// <summary>The size after an unpadded window (non-positive when the window does not fit).</summary>
    private static int Shrunk(int size, int kernel, int stride) => size < kernel ? 0 : ((size - kernel) / stride) + 1;

    private static void RequireSpatial(string name, int outH, int outW, int height, int width)
    {
        if (outH < 1 || outW < 1)
        {
            throw new SprigException($"model '{name}' does not fit {height}x{width} input: its feature maps shrink to nothing");
        }
    }
}
