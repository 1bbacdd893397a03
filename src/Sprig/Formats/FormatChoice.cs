namespace Sprig.Formats;

/// <summary>A storage format with its parameters.</summary>
/// <param name="Format">The format.</param>
/// <param name="BlockRows">Block height (<see cref="StorageFormat.Bsr"/>) or 0.</param>
/// <param name="BlockColumns">Block width (<see cref="StorageFormat.Bsr"/>) or 0.</param>
/// <param name="N">Kept values per group (<see cref="StorageFormat.NM"/>) or 0.</param>
/// <param name="M">Group size (<see cref="StorageFormat.NM"/>) or 0.</param>
/// <param name="Width">Bytes per gap code (<see cref="StorageFormat.Delta"/>: 1, 2 or 4) or 0.</param>
public readonly record struct FormatChoice(StorageFormat Format, int BlockRows = 0, int BlockColumns = 0, int N = 0, int M = 0, int Width = 0)
{
    /// <summary>A short name: <c>csr</c>, <c>bsr4x4</c>, <c>2:4</c>, <c>delta8</c>, …</summary>
    public override string ToString() => Format switch
    {
        StorageFormat.Bsr => $"bsr{BlockRows}x{BlockColumns}",
        StorageFormat.NM => $"{N}:{M}",
        StorageFormat.Delta => $"delta{Width * 8}",
        _ => Format.ToString().ToLowerInvariant(),
    };
}
