using System.CommandLine;

namespace Sprig.Cli;

/// <summary>
/// Runs a parsed command line so that every user error ends as one line on stderr and a non-zero exit code:
/// 2 for bad flags or input, 1 for an unexpected failure (its stack trace only with <c>--verbose</c>).
/// </summary>
public static class CommandRunner
{
    /// <summary>Exit code for bad flags, files or values.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int InternalError = 1;

    /// <summary>Parses and invokes <paramref name="args"/> against <paramref name="root"/>.</summary>
    public static int Run(Command root, string[] args)
    {
        bool verbose = args.Contains("--verbose");
        string[] rest = args.Where(a => a != "--verbose").ToArray();
        ParseResult parse = root.Parse(rest);
        if (parse.Errors.Count > 0)
        {
            string messages = string.Join("; ", parse.Errors.Select(e => e.Message).Distinct());
            Console.Error.WriteLine($"error: {OneLine(messages)} (see 'sprig {CommandPath(parse)} --help')".Replace("sprig  --help", "sprig --help", StringComparison.Ordinal));
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (SprigException e)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            if (verbose)
            {
                Console.Error.WriteLine(e);
            }

            return UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            if (verbose)
            {
                Console.Error.WriteLine(e);
            }

            return UsageError;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: internal failure: {OneLine(e.Message)} (rerun with --verbose for details)");
            if (verbose)
            {
                Console.Error.WriteLine(e);
            }

            return InternalError;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (r.Parent is not null)
            {
                names.Insert(0, r.Command.Name);
            }
        }

        return string.Join(' ', names);
    }
}
