namespace Sprig.Sparsity.Dst;

/// <summary>What ranks the empty positions a dynamic sparse method regrows.</summary>
public enum GrowthMode
{
    /// <summary>Uniformly at random (SET).</summary>
    Random,

    /// <summary>The largest |G| of the dense gradient of the current batch (RigL, GraNet, SRigL, MEST).</summary>
    Gradient,

    /// <summary>The largest |momentum| of the dense gradients (SNFS / sparse momentum).</summary>
    Momentum,
}
