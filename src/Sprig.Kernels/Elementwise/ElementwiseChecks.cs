namespace Sprig.Kernels.Elementwise;

/// <summary>Argument checks shared by the element-wise kernels.</summary>
internal static class ElementwiseChecks
{
    /// <summary>Throws unless an operand has the expected length.</summary>
    public static void SameLength(int expected, int actual, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} elements, expected {expected}.", name);
        }
    }

    /// <summary>Throws unless an operand has at least the needed length.</summary>
    public static void AtLeast(int needed, int actual, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"{name} has {actual} elements, needs at least {needed}.", name);
        }
    }
}
