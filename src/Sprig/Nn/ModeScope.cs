namespace Sprig.Nn;

/// <summary>
/// Puts a module tree in training or evaluation mode and restores the mode it had when disposed, so a measurement
/// or a recalibration pass cannot leave a model in the wrong mode, even when it throws.
/// </summary>
public readonly struct ModeScope : IDisposable
{
    private readonly Module _module;
    private readonly bool _wasTraining;

    /// <summary>Switches <paramref name="module"/> to training (<paramref name="training"/> true) or evaluation mode.</summary>
    public ModeScope(Module module, bool training)
    {
        _module = module;
        _wasTraining = module.IsTraining;
        if (training)
        {
            module.Train();
        }
        else
        {
            module.Eval();
        }
    }

    /// <summary>Restores the mode the module had before.</summary>
    public void Dispose()
    {
        if (_wasTraining)
        {
            _module.Train();
        }
        else
        {
            _module.Eval();
        }
    }
}
