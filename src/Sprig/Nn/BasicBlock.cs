using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// The CIFAR-style residual basic block: <c>relu(b2(c2(relu(b1(c1(x))))) + sc(x))</c>, where c1 is a 3×3 conv with
/// the block's stride, c2 a 3×3 conv, and the shortcut <c>sc</c> is the identity or, when the shape changes, a 1×1
/// conv with the stride followed by batch norm (option B). Children are named <c>c1, b1, c2, b2, sc</c> as in PyTorch
/// (so parameter names match, e.g. <c>sc.0.weight</c>), plus the parameter-free <c>relu1</c> and <c>relu2</c>.
/// </summary>
public sealed class BasicBlock : Module
{
    private Tensor? _sum;
    private Tensor? _inputGradient;

    /// <summary>Creates the block; convolutions have no bias because batch norm follows each of them.</summary>
    public BasicBlock(int inChannels, int outChannels, int stride, Rng rng)
    {
        C1 = new Conv2d(inChannels, outChannels, 3, rng, stride, padding: 1, bias: false);
        B1 = new BatchNorm2d(outChannels);
        Relu1 = new ReLU();
        C2 = new Conv2d(outChannels, outChannels, 3, rng, stride: 1, padding: 1, bias: false);
        B2 = new BatchNorm2d(outChannels);
        Shortcut = stride == 1 && inChannels == outChannels
            ? new Sequential()
            : new Sequential(new Conv2d(inChannels, outChannels, 1, rng, stride, bias: false), new BatchNorm2d(outChannels));
        Relu2 = new ReLU();
    }

    /// <summary>The first 3×3 convolution (carries the block's stride).</summary>
    public Conv2d C1 { get; }

    /// <summary>Batch norm after <see cref="C1"/>.</summary>
    public BatchNorm2d B1 { get; }

    /// <summary>The ReLU between the two convolutions.</summary>
    public ReLU Relu1 { get; }

    /// <summary>The second 3×3 convolution.</summary>
    public Conv2d C2 { get; }

    /// <summary>Batch norm after <see cref="C2"/>; its channels are tied to the shortcut's by the sum.</summary>
    public BatchNorm2d B2 { get; }

    /// <summary>The shortcut: empty (identity) or [1×1 conv, batch norm].</summary>
    public Sequential Shortcut { get; }

    /// <summary>The ReLU after the residual sum (the block's output).</summary>
    public ReLU Relu2 { get; }

    /// <summary>Whether the shortcut is the identity rather than a projection.</summary>
    public bool HasIdentityShortcut => Shortcut.Layers.Count == 0;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor main = B2.Forward(C2.Forward(Relu1.Forward(B1.Forward(C1.Forward(input)))));
        Tensor shortcut = Shortcut.Forward(input);
        _sum = Tensor.Reuse(_sum, main.Shape);
        TensorPrimitives.Add(main.Span, shortcut.Span, _sum.Span);
        return Relu2.Forward(_sum);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor sumGradient = Relu2.Backward(outputGradient);
        Tensor mainGradient = C1.Backward(B1.Backward(Relu1.Backward(C2.Backward(B2.Backward(sumGradient)))));
        Tensor shortcutGradient = Shortcut.Backward(sumGradient);
        if (!NeedsInputGradient)
        {
            return mainGradient;
        }

        _inputGradient = Tensor.Reuse(_inputGradient, mainGradient.Shape);
        TensorPrimitives.Add(mainGradient.Span, shortcutGradient.Span, _inputGradient.Span);
        return _inputGradient;
    }

    /// <inheritdoc />
    protected override void OnNeedsInputGradientChanged(bool value)
    {
        C1.NeedsInputGradient = value;
        Shortcut.NeedsInputGradient = value;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children()
    {
        yield return ("c1", C1);
        yield return ("b1", B1);
        yield return ("relu1", Relu1);
        yield return ("c2", C2);
        yield return ("b2", B2);
        yield return ("sc", Shortcut);
        yield return ("relu2", Relu2);
    }
}
