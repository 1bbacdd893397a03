namespace Sprig.Formats;

/// <summary>How a (mostly zero) weight matrix is stored; see <see cref="StorageCost"/> for what each costs.</summary>
public enum StorageFormat
{
    /// <summary>Every value, zeros included.</summary>
    Dense,

    /// <summary>One bit per position plus the nonzero values.</summary>
    Bitmap,

    /// <summary>The flat position of every nonzero.</summary>
    Coo,

    /// <summary>Compressed sparse rows: row offsets and column indices.</summary>
    Csr,

    /// <summary>Compressed sparse columns: column offsets and row indices.</summary>
    Csc,

    /// <summary>The gap to the previous nonzero, fixed width, with skip codes for longer gaps (run-length).</summary>
    Delta,

    /// <summary>Blocked CSR: dense blocks that hold at least one nonzero.</summary>
    Bsr,

    /// <summary>N:M: at most N nonzeros in every group of M consecutive columns, with their offsets.</summary>
    NM,

    /// <summary>SRigL's condensed constant fan-in layout: k values and column indices per row.</summary>
    Condensed,
}
