using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Structure;

/// <summary>
/// Dense-equivalent inference FLOPs of one image: 2·(multiply-adds) of every convolution and linear layer at its full
/// (unmasked) shape, found by running one image through the model in evaluation mode and reading each layer's output
/// size. This is what a dense kernel pays, so it shows what shrinking saves and ignores what masking saves.
/// </summary>
public static class FlopCounter
{
    /// <summary>The FLOPs of one [channels, height, width] image.</summary>
    /// <exception cref="SprigException">The model holds a container other than Sequential or BasicBlock.</exception>
    public static long DenseFlops(Module model, int channels, int height, int width)
    {
        bool wasTraining = model.IsTraining;
        model.Eval();
        long multiplyAdds = 0;
        try
        {
            Visit(model, new Tensor(1, channels, height, width), ref multiplyAdds);
        }
        finally
        {
            if (wasTraining)
            {
                model.Train();
            }
        }

        return 2 * multiplyAdds;
    }

    private static Tensor Visit(Module module, Tensor input, ref long multiplyAdds)
    {
        switch (module)
        {
            case Sequential sequential:
                Tensor x = input;
                foreach (Module layer in sequential.Layers)
                {
                    x = Visit(layer, x, ref multiplyAdds);
                }

                return x;
            case BasicBlock block:
                Tensor main = Visit(block.C1, input, ref multiplyAdds);
                main = Visit(block.C2, block.Relu1.Forward(block.B1.Forward(main)), ref multiplyAdds);
                Visit(block.Shortcut, input, ref multiplyAdds);
                return block.Forward(input);
            case Conv2d conv:
                Tensor y = conv.Forward(input);
                multiplyAdds += (long)conv.Weight.Length * y.Dim(2) * y.Dim(3);
                return y;
            case Linear linear:
                multiplyAdds += linear.Weight.Length;
                return linear.Forward(input);
            default:
                if (module.Children().Any())
                {
                    throw new SprigException($"FLOP counting cannot see inside {module.GetType().Name} (it supports Sequential and BasicBlock containers)");
                }

                return module.Forward(input);
        }
    }
}
