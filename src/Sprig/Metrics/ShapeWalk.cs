using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Metrics;

/// <summary>
/// Finds the input and output shape of every leaf module by pushing one zero sample through each leaf in order. The
/// leaves compute their own output shapes, so no shape formula is repeated here; only the containers' wiring is.
/// </summary>
internal static class ShapeWalk
{
    /// <summary>The leaves of <paramref name="model"/> in execution order, for one sample of shape <paramref name="sample"/>.</summary>
    /// <exception cref="SprigException">The model holds a container whose wiring the walk does not know.</exception>
    public static IReadOnlyList<LayerShape> Run(Module model, IReadOnlyList<int> sample)
    {
        var leaves = new List<LayerShape>();
        using (new ModeScope(model, training: false))
        {
            Visit(model, string.Empty, [1, .. sample], leaves);
        }

        return leaves;
    }

    private static int[] Visit(Module module, string name, int[] input, List<LayerShape> leaves)
    {
        switch (module)
        {
            case Sequential sequential:
                int[] shape = input;
                foreach (var (childName, child) in sequential.Children())
                {
                    shape = Visit(child, Join(name, childName), shape, leaves);
                }

                return shape;
            case BasicBlock block:
                int[] main = input;
                foreach (var (childName, child) in block.Children())
                {
                    if (child == block.Shortcut)
                    {
                        Visit(child, Join(name, childName), input, leaves);
                    }
                    else
                    {
                        main = Visit(child, Join(name, childName), main, leaves);
                    }
                }

                return main;
            default:
                if (module.Children().Any())
                {
                    throw new SprigException($"cannot trace the shapes of module '{name}' ({module.GetType().Name}): its wiring is unknown to the cost counter");
                }

                int[] output = module.Forward(new Tensor(input)).ShapeArray();
                leaves.Add(new LayerShape(name, module, input[1..], output[1..]));
                return output;
        }
    }

    private static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";
}
