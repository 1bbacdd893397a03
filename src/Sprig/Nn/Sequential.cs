using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>Runs its children in order; children are named by their index (<c>0</c>, <c>1</c>, …).</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    /// <summary>Creates the chain.</summary>
    public Sequential(params Module[] layers)
    {
        _layers = layers;
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (Module layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor g = outputGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);

            // The layers before one that skipped its input gradient have no parameters (see below): nothing to do.
            if (!_layers[i].NeedsInputGradient)
            {
                break;
            }
        }

        return g;
    }

    /// <summary>
    /// Passes the setting to the first layer and on through parameter-free layers (flatten, activations, pooling) up to
    /// and including the first layer with parameters: their inputs depend on this container's input alone.
    /// </summary>
    protected override void OnNeedsInputGradientChanged(bool value)
    {
        foreach (Module layer in _layers)
        {
            layer.NeedsInputGradient = value;
            if (layer.NamedParameters().Any())
            {
                break;
            }
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Module Module)> Children()
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            yield return (i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
        }
    }
}
