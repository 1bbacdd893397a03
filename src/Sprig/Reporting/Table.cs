namespace Sprig.Reporting;

/// <summary>A table of already formatted cells, rendered the same way as HTML or Markdown.</summary>
/// <param name="Headers">Column titles.</param>
/// <param name="Rows">Rows of cells, each as long as <paramref name="Headers"/>.</param>
internal sealed record Table(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
