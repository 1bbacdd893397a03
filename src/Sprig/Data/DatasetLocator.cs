namespace Sprig.Data;

/// <summary>
/// Finds the IDX files of an MNIST-style dataset such as <c>fashion-mnist</c>. With an explicit directory only that
/// directory (and its subdirectory named after the dataset) is searched, so a wrong <c>--data</c> is reported instead of
/// silently replaced; otherwise <c>$SPRIG_DATA</c> (and its subdirectory named after the dataset) comes first, then
/// <c>/usr/share/datasets/&lt;name&gt;</c>.
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable naming a data directory.</summary>
    public const string DataDirectoryVariable = "SPRIG_DATA";

    /// <summary>The directory under which system packages install datasets.</summary>
    public const string SystemDatasetRoot = "/usr/share/datasets";

    private static readonly string[] s_trainImages = ["train-images-idx3-ubyte", "train-images.idx3-ubyte"];
    private static readonly string[] s_trainLabels = ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"];
    private static readonly string[] s_testImages = ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"];
    private static readonly string[] s_testLabels = ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"];

    /// <summary>The directories searched for <paramref name="name"/>, in order.</summary>
    public static IReadOnlyList<string> SearchDirectories(string name, string? explicitDirectory) =>
        SearchDirectories(name, explicitDirectory, Environment.GetEnvironmentVariable(DataDirectoryVariable), SystemDatasetRoot);

    /// <summary>The files of <paramref name="name"/>, or null when no searched directory holds all four.</summary>
    public static IdxDatasetFiles? Find(string name, string? explicitDirectory) =>
        FindIn(SearchDirectories(name, explicitDirectory));

    /// <summary>The files of <paramref name="name"/>; throws a <see cref="SprigException"/> naming every searched place when absent.</summary>
    public static IdxDatasetFiles Locate(string name, string? explicitDirectory) =>
        LocateIn(name, SearchDirectories(name, explicitDirectory));

    /// <summary>The search order with the environment and system root given, so tests need not change either.</summary>
    internal static IReadOnlyList<string> SearchDirectories(string name, string? explicitDirectory, string? environmentDirectory, string systemRoot)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new SprigException($"dataset name '{name}' is not a plain name");
        }

        var directories = new List<string>();
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            directories.Add(explicitDirectory);
            directories.Add(Path.Combine(explicitDirectory, name));
            return directories;
        }

        if (!string.IsNullOrEmpty(environmentDirectory))
        {
            directories.Add(environmentDirectory);
            directories.Add(Path.Combine(environmentDirectory, name));
        }

        directories.Add(Path.Combine(systemRoot, name));
        return directories;
    }

    /// <summary>The first directory of <paramref name="directories"/> holding all four files, or null.</summary>
    internal static IdxDatasetFiles? FindIn(IReadOnlyList<string> directories)
    {
        foreach (string directory in directories)
        {
            string? trainImages = FindFile(directory, s_trainImages);
            string? trainLabels = FindFile(directory, s_trainLabels);
            string? testImages = FindFile(directory, s_testImages);
            string? testLabels = FindFile(directory, s_testLabels);
            if (trainImages is not null && trainLabels is not null && testImages is not null && testLabels is not null)
            {
                return new IdxDatasetFiles(directory, trainImages, trainLabels, testImages, testLabels);
            }
        }

        return null;
    }

    /// <summary>Like <see cref="FindIn"/> but throws when nothing is found.</summary>
    internal static IdxDatasetFiles LocateIn(string name, IReadOnlyList<string> directories) =>
        FindIn(directories) ?? throw new SprigException(
            $"dataset '{name}' not found: no directory holds {s_trainImages[0]}, {s_trainLabels[0]}, {s_testImages[0]} and {s_testLabels[0]} (raw or .gz); searched {string.Join(", ", directories)}");

    /// <summary>The raw file if present, else its .gz, for each accepted spelling of the name.</summary>
    private static string? FindFile(string directory, string[] names)
    {
        foreach (string fileName in names)
        {
            foreach (string candidate in (ReadOnlySpan<string>)[fileName, fileName + ".gz"])
            {
                string path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }
}
