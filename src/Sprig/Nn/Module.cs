using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A layer or a tree of layers with an explicit backward pass. <see cref="Forward"/> caches what
/// <see cref="Backward"/> needs; <see cref="Backward"/> adds parameter gradients into <see cref="Parameter.Grad"/>
/// and returns the gradient with respect to the input of the last forward call.
/// </summary>
public abstract class Module
{
    private bool _needsInputGradient = true;

    /// <summary>Whether the module is in training mode (batch statistics, dropout) rather than evaluation mode.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>
    /// Whether <see cref="Backward"/> must produce the input gradient. The first layer of a network does not need it;
    /// when false, <see cref="Backward"/> may skip that work and return an empty tensor.
    /// </summary>
    public bool NeedsInputGradient
    {
        get => _needsInputGradient;
        set
        {
            _needsInputGradient = value;
            OnNeedsInputGradientChanged(value);
        }
    }

    /// <summary>Computes the output for a batch.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Accumulates parameter gradients and returns the gradient of the loss with respect to the last input.</summary>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>Lets a container pass <see cref="NeedsInputGradient"/> on to the child that receives its input.</summary>
    protected virtual void OnNeedsInputGradientChanged(bool value)
    {
    }

    /// <summary>The direct children, with their names in the module tree.</summary>
    public virtual IEnumerable<(string Name, Module Module)> Children() => [];

    /// <summary>This module's own parameters (not its children's), with local names such as <c>weight</c>.</summary>
    protected virtual IEnumerable<(string Name, Parameter Parameter)> OwnParameters() => [];

    /// <summary>This module's own non-trainable state, such as batch-norm running statistics.</summary>
    protected virtual IEnumerable<(string Name, Tensor Buffer)> OwnBuffers() => [];

    /// <summary>All parameters of the tree with dotted names (<c>features.0.weight</c>), in a stable order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var (name, p) in OwnParameters())
        {
            yield return (name, p);
        }

        foreach (var (childName, child) in Children())
        {
            foreach (var (name, p) in child.NamedParameters())
            {
                yield return ($"{childName}.{name}", p);
            }
        }
    }

    /// <summary>All buffers of the tree with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (name, b) in OwnBuffers())
        {
            yield return (name, b);
        }

        foreach (var (childName, child) in Children())
        {
            foreach (var (name, b) in child.NamedBuffers())
            {
                yield return ($"{childName}.{name}", b);
            }
        }
    }

    /// <summary>Every module of the tree, depth first, this one first, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return (string.Empty, this);
        foreach (var (childName, child) in Children())
        {
            foreach (var (name, m) in child.NamedModules())
            {
                yield return (name.Length == 0 ? childName : $"{childName}.{name}", m);
            }
        }
    }

    /// <summary>All parameters of the tree.</summary>
    public IReadOnlyList<Parameter> Parameters() => NamedParameters().Select(x => x.Parameter).ToList();

    /// <summary>Switches the whole tree to training mode.</summary>
    public void Train() => SetMode(true);

    /// <summary>Switches the whole tree to evaluation mode.</summary>
    public void Eval() => SetMode(false);

    /// <summary>Clears every parameter gradient of the tree.</summary>
    public void ZeroGrad()
    {
        // Walks the tree without building dotted names: this runs every step.
        foreach (var (_, p) in OwnParameters())
        {
            p.ClearGrad();
        }

        foreach (var (_, child) in Children())
        {
            child.ZeroGrad();
        }
    }

    /// <summary>Parameters and buffers by dotted name; the tensors are the live ones, not copies.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in NamedParameters())
        {
            state.Add(name, p.Value);
        }

        foreach (var (name, b) in NamedBuffers())
        {
            state.Add(name, b);
        }

        return state;
    }

    /// <summary>Copies values into the live parameters and buffers; names and shapes must match exactly.</summary>
    /// <exception cref="SprigException">A name is missing or extra, or a shape differs.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var own = StateDict();
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out Tensor? source))
            {
                throw new SprigException($"state is missing '{name}' (was it saved from a different model?)");
            }

            if (!source.Shape.SequenceEqual(target.Shape))
            {
                throw new SprigException($"'{name}' has shape {source} in the state but {target} in the model");
            }

            source.Span.CopyTo(target.Span);
        }

        foreach (string name in state.Keys)
        {
            if (!own.ContainsKey(name))
            {
                throw new SprigException($"state has '{name}', which the model does not (was it saved from a different model?)");
            }
        }
    }

    private void SetMode(bool training)
    {
        foreach (var (_, m) in NamedModules())
        {
            m.IsTraining = training;
        }
    }
}
