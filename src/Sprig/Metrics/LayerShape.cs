using Sprig.Nn;

namespace Sprig.Metrics;

/// <summary>A leaf module of a model with the per-sample shapes it reads and writes (batch dimension dropped).</summary>
/// <param name="Name">The dotted module name, such as <c>3.c1</c>.</param>
/// <param name="Module">The live module.</param>
/// <param name="Input">The input shape of one sample, such as [1, 28, 28].</param>
/// <param name="Output">The output shape of one sample.</param>
internal sealed record LayerShape(string Name, Module Module, int[] Input, int[] Output);
