using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Reshapes [N, …] to [N, features] without copying.</summary>
public sealed class Flatten : Module
{
    private int[]? _inputShape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        _inputShape = input.ShapeArray();
        int batch = input.Dim(0);
        return input.View(batch, batch == 0 ? 0 : input.Length / batch);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient) =>
        outputGradient.View(_inputShape ?? throw new InvalidOperationException("Backward called before Forward."));
}
