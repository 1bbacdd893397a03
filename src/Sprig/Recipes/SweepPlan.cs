using System.Globalization;
using Sprig.Sparsity;
using Sprig.Training;

namespace Sprig.Recipes;

/// <summary>
/// A grid of runs: every method × sparsity × seed on top of a base configuration (usually a recipe). A dense method
/// runs once per seed, whatever the sparsities. Seeds are the base seed, base seed + 1, ….
/// </summary>
/// <param name="Base">The configuration every cell starts from.</param>
/// <param name="Methods">Sparsification methods.</param>
/// <param name="Sparsities">Target sparsities.</param>
/// <param name="Seeds">The number of seeds per (method, sparsity).</param>
public sealed record SweepPlan(TrainingOptions Base, IReadOnlyList<string> Methods, IReadOnlyList<double> Sparsities, int Seeds)
{
    /// <summary>The cells in a stable order (method, then sparsity, then seed).</summary>
    /// <exception cref="SprigException">The grid is empty, holds duplicates, or a cell's method rejects its options (checked before anything runs).</exception>
    public IReadOnlyList<SweepCell> Cells()
    {
        if (Methods.Count == 0 || Sparsities.Count == 0 || Seeds < 1)
        {
            throw new SprigException($"a sweep needs at least one method, one sparsity and one seed (got {Methods.Count}, {Sparsities.Count}, {Seeds})");
        }

        var cells = new List<SweepCell>();
        foreach (string method in Methods)
        {
            IEnumerable<double> sparsities = method == "dense" ? [0.0] : Sparsities;
            foreach (double sparsity in sparsities)
            {
                for (int i = 0; i < Seeds; i++)
                {
                    int seed = Base.Seed + i;
                    string name = string.Create(CultureInfo.InvariantCulture, $"{method}-{sparsity:0.####}-seed{seed}");
                    if (cells.Any(c => c.Name == name))
                    {
                        throw new SprigException($"the sweep lists {method} at sparsity {sparsity:0.####} twice");
                    }

                    var options = Base with { Seed = seed, Sparsity = Base.Sparsity with { Method = method, Sparsity = sparsity } };
                    SparsityMethodFactory.Create(options.Sparsity);
                    cells.Add(new SweepCell(name, options));
                }
            }
        }

        return cells;
    }
}
