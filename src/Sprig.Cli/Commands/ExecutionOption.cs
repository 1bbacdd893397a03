namespace Sprig.Cli.Commands;

/// <summary>The <c>--execution</c> option shared by <c>train</c>, <c>eval</c> and <c>bench train</c>.</summary>
internal static class ExecutionOption
{
    public const string Description =
        "Masked linear and conv layers: dense, sparse (kernels at the nonzeros) or auto (per layer, whichever a cost model of its shape and nonzeros predicts faster; deterministic).";

    /// <summary>Throws unless <paramref name="value"/> is one of the modes.</summary>
    public static string Check(string value) =>
        value is "dense" or "sparse" or "auto" ? value : throw new SprigException($"--execution must be dense, sparse or auto, got '{value}'");
}
