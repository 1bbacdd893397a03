using System.Globalization;

namespace Sprig.Sparsity.Masks;

/// <summary>The structure of a mask: its <see cref="Granularity"/> and the block or N:M sizes that go with it.</summary>
/// <param name="Granularity">The unit kept or removed.</param>
/// <param name="BlockRows">Block height in rows (block granularity).</param>
/// <param name="BlockColumns">Block width along the fan-in (block granularity).</param>
/// <param name="N">Weights kept per group (N:M granularity).</param>
/// <param name="M">Group size along the fan-in (N:M granularity).</param>
public sealed record MaskPattern(Granularity Granularity, int BlockRows = 1, int BlockColumns = 1, int N = 0, int M = 0)
{
    /// <summary>Unstructured masks.</summary>
    public static MaskPattern Element { get; } = new(Granularity.Element);

    /// <summary>Whole output channels or neurons.</summary>
    public static MaskPattern Channel { get; } = new(Granularity.Channel);

    /// <summary>Blocks of <paramref name="rows"/>×<paramref name="columns"/>.</summary>
    /// <exception cref="SprigException">A size is below 1.</exception>
    public static MaskPattern Block(int rows, int columns)
    {
        if (rows < 1 || columns < 1)
        {
            throw new SprigException($"block shape {rows}x{columns} is invalid: both sizes must be at least 1");
        }

        return new MaskPattern(Granularity.Block, rows, columns);
    }

    /// <summary>N kept of every M consecutive fan-in weights.</summary>
    /// <exception cref="SprigException">Unless 1 ≤ N &lt; M.</exception>
    public static MaskPattern NOfM(int n, int m)
    {
        if (n < 1 || n >= m)
        {
            throw new SprigException($"N:M pattern {n}:{m} is invalid: need 1 <= N < M");
        }

        return new MaskPattern(Granularity.NM, N: n, M: m);
    }

    /// <summary>Parses <c>N:M</c> text such as <c>2:4</c>.</summary>
    /// <exception cref="SprigException">The text is not two integers around a colon, or the pattern is invalid.</exception>
    public static MaskPattern ParseNOfM(string text)
    {
        (int n, int m) = ParsePair(text, ':', "N:M pattern", "2:4");
        return NOfM(n, m);
    }

    /// <summary>Parses a block shape such as <c>1x4</c> or <c>4x4</c>.</summary>
    /// <exception cref="SprigException">The text is not two integers around an x, or a size is below 1.</exception>
    public static MaskPattern ParseBlock(string text)
    {
        (int rows, int columns) = ParsePair(text, 'x', "block shape", "1x4");
        return Block(rows, columns);
    }

    /// <summary>The pattern as the CLI spells it (<c>element</c>, <c>block 1x4</c>, <c>2:4</c>, <c>channel</c>).</summary>
    public override string ToString() => Granularity switch
    {
        Granularity.Block => $"block {BlockRows}x{BlockColumns}",
        Granularity.NM => $"{N}:{M}",
        Granularity.Channel => "channel",
        _ => "element",
    };

    private static (int First, int Second) ParsePair(string text, char separator, string what, string example)
    {
        string[] parts = text.Split(separator);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int second))
        {
            return (first, second);
        }

        throw new SprigException($"{what} '{text}' is not of the form {example}");
    }
}
