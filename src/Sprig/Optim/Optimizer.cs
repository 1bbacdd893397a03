using Sprig.Nn;

namespace Sprig.Optim;

/// <summary>
/// Updates parameters from their gradients. Per-parameter state (momentum, Adam moments) is addressable by name so
/// that sparse methods can mask it or reset it at chosen positions, and so that checkpoints can save it.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, Dictionary<string, float[]>> _state = [];

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    protected Optimizer(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        Parameters = parameters;
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current learning rate (set by a schedule before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public long StepCount { get; set; }

    /// <summary>Applies one update to every parameter from its gradient.</summary>
    public void Step()
    {
        StepCount++;
        foreach (Parameter p in Parameters)
        {
            Update(p);
        }
    }

    /// <summary>Updates one parameter.</summary>
    protected abstract void Update(Parameter parameter);

    /// <summary>
    /// The named state buffer of a parameter (for example <c>momentum</c>), created zero-filled on first use.
    /// </summary>
    public float[] State(Parameter parameter, string name)
    {
        if (!_state.TryGetValue(parameter, out var buffers))
        {
            buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
            _state.Add(parameter, buffers);
        }

        if (!buffers.TryGetValue(name, out float[]? buffer))
        {
            buffer = new float[parameter.Length];
            buffers.Add(name, buffer);
        }

        return buffer;
    }

    /// <summary>The state buffers that exist for a parameter, by name (empty before the first step).</summary>
    public IReadOnlyDictionary<string, float[]> StateOf(Parameter parameter) =>
        _state.TryGetValue(parameter, out var buffers) ? buffers : new Dictionary<string, float[]>();

    /// <summary>Multiplies every state buffer of <paramref name="parameter"/> by its mask, so pruned positions restart from zero.</summary>
    public void MaskState(Parameter parameter)
    {
        if (parameter.Mask is not { } mask || !_state.TryGetValue(parameter, out var buffers))
        {
            return;
        }

        foreach (float[] buffer in buffers.Values)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(buffer, mask, buffer);
        }
    }

    /// <summary>Sets every state buffer of <paramref name="parameter"/> to zero at <paramref name="index"/>.</summary>
    public void ResetStateAt(Parameter parameter, int index)
    {
        if (_state.TryGetValue(parameter, out var buffers))
        {
            foreach (float[] buffer in buffers.Values)
            {
                buffer[index] = 0f;
            }
        }
    }
}
