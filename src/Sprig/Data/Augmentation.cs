namespace Sprig.Data;

/// <summary>
/// Training-time augmentation: a random crop of the image zero-padded by <see cref="CropPadding"/> pixels on each side
/// (a shift of up to that many pixels, the uncovered border filled with black) and an optional random horizontal flip.
/// </summary>
public sealed class Augmentation
{
    /// <summary>Creates the augmentation; <paramref name="cropPadding"/> must be non-negative.</summary>
    public Augmentation(int cropPadding, bool horizontalFlip)
    {
        if (cropPadding < 0)
        {
            throw new SprigException($"crop padding must be non-negative, got {cropPadding}");
        }

        CropPadding = cropPadding;
        HorizontalFlip = horizontalFlip;
    }

    /// <summary>No augmentation.</summary>
    public static Augmentation None { get; } = new(0, false);

    /// <summary>The zero padding of the random crop, in pixels; 0 disables cropping.</summary>
    public int CropPadding { get; }

    /// <summary>Whether each image is mirrored left-right with probability 1/2.</summary>
    public bool HorizontalFlip { get; }

    /// <summary>Whether any augmentation is applied.</summary>
    public bool IsEnabled => CropPadding > 0 || HorizontalFlip;

    /// <summary>The settings as text, e.g. <c>crop 2, flip</c>.</summary>
    public override string ToString() => IsEnabled ? $"crop {CropPadding}{(HorizontalFlip ? ", flip" : string.Empty)}" : "none";
}
