using FsCheck;
using FsCheck.Fluent;
using Sprig.Recipes;

namespace Sprig.Tests.Recipes;

/// <summary>Random and mutated recipes must parse or fail with a one-line <see cref="SprigException"/>, nothing else.</summary>
public sealed class RecipeFuzzTests
{
    private const int Cases = 10_000;

    // Characters that matter to YAML's grammar, plus a few ordinary ones.
    private const string Alphabet = ":-#[]{},&*!|>'\"%@` \n\t?.0123456789abcxyz~";

    private static readonly string[] s_seeds = [.. Directory.GetFiles(RecipeTests.RecipesDirectory(), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    [Fact]
    public void MutatedRecipesFailOnlyWithSprigException()
    {
        int parsed = 0;
        int rejected = 0;
        Property property = Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            string text = Mutate(new Random(seed));
            try
            {
                Recipe.Parse(text, "fuzz.yaml");
                parsed++;
            }
            catch (SprigException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.StartsWith("fuzz.yaml", e.Message, StringComparison.Ordinal);
                rejected++;
            }
        });

        Check.One(Common.Fuzzing.Config(Cases), property);

        // Both outcomes must occur, or the mutations are not reaching the parser's checks.
        Assert.InRange(parsed, Cases / 50, Cases);
        Assert.InRange(rejected, Cases / 2, Cases);
    }

    private static string Mutate(Random random)
    {
        char[] text = [.. s_seeds[random.Next(s_seeds.Length)]];
        var chars = new List<char>(text);
        int edits = random.Next(1, 4);
        for (int i = 0; i < edits && chars.Count > 0; i++)
        {
            int at = random.Next(chars.Count);
            char c = Alphabet[random.Next(Alphabet.Length)];
            switch (random.Next(4))
            {
                case 0:
                    chars[at] = c;
                    break;
                case 1:
                    chars.Insert(at, c);
                    break;
                case 2:
                    chars.RemoveAt(at);
                    break;
                default:
                    // Duplicate or drop a whole line, which yields repeated or missing keys.
                    string[] lines = new string(chars.ToArray()).Split('\n');
                    int line = random.Next(lines.Length);
                    var edited = lines.ToList();
                    if (random.Next(2) == 0)
                    {
                        edited.Insert(line, lines[line]);
                    }
                    else
                    {
                        edited.RemoveAt(line);
                    }

                    chars = [.. string.Join('\n', edited)];
                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
