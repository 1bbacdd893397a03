namespace Sprig.Nn;

/// <summary>The training losses by the names the command line and recipes use.</summary>
public static class Losses
{
    /// <summary>Softmax cross-entropy, the default.</summary>
    public const string CrossEntropy = "cross-entropy";

    /// <summary>Sigmoid outputs with a binary cross-entropy per class (the SET reference MLP trains a sigmoid output).</summary>
    public const string SigmoidBce = "sigmoid-bce";

    /// <summary>Every valid loss name.</summary>
    public static IReadOnlyList<string> Names { get; } = [CrossEntropy, SigmoidBce];

    /// <summary>Creates loss <paramref name="name"/>; label smoothing applies to cross-entropy only.</summary>
    /// <exception cref="SprigException">The name is unknown, or label smoothing is asked of another loss.</exception>
    public static ILoss Create(string name, float labelSmoothing = 0f) => name switch
    {
        CrossEntropy => new SoftmaxCrossEntropy(labelSmoothing),
        SigmoidBce when labelSmoothing == 0f => new SigmoidBinaryCrossEntropy(),
        SigmoidBce => throw new SprigException($"--label-smoothing applies to the {CrossEntropy} loss only, not to {SigmoidBce}"),
        _ => throw new SprigException($"unknown loss '{name}'; valid losses: {string.Join(", ", Names)}"),
    };
}
