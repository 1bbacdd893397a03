namespace Sprig;

/// <summary>
/// An error caused by the user's input (a flag, a file, a checkpoint). Its message is one line that says
/// what is wrong and where; the CLI prints it without a stack trace.
/// </summary>
public sealed class SprigException : Exception
{
    /// <summary>Creates the error with a one-line message.</summary>
    public SprigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a one-line message and the exception that caused it.</summary>
    public SprigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the error with no message (prefer the one-line constructors).</summary>
    public SprigException()
    {
    }
}
