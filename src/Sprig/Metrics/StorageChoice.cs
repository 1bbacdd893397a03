namespace Sprig.Metrics;

/// <summary>How one weight tensor would be stored and what it would cost.</summary>
/// <param name="Format">The storage format's name, such as <c>dense</c> or <c>bitmap</c>.</param>
/// <param name="Bytes">The bytes the weight takes in that format.</param>
public sealed record StorageChoice(string Format, long Bytes);
