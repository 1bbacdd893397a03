using Sprig.Tensors;

namespace Sprig.Formats;

/// <summary>
/// Sparse encoding of a float tensor for checkpoints: the tensor is viewed as a [dim0, rest] matrix and every value
/// that is not zero (NaN included) is stored, in the format <see cref="FormatAdvisor"/> finds cheapest. Exact except
/// that −0 comes back as +0: masking leaves half the pruned weights at −0, and keeping that sign would cost a bitmap;
/// it cannot change any nonzero result (x + −0 = x + +0 for every x ≠ 0).
/// </summary>
internal static class SparseTensorCodec
{
    /// <summary>The format byte and encoding of <paramref name="tensor"/>, or null when dense storage is as small.</summary>
    public static byte[]? Encode(Tensor tensor)
    {
        (int rows, int columns) = MatrixShape(tensor.ShapeArray());
        ReadOnlySpan<float> values = tensor.Span;
        var mask = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            mask[i] = values[i] != 0f ? 1f : 0f;
        }

        (FormatChoice choice, _) = FormatAdvisor.Advise(TensorProfile.FromMask(rows, columns, mask));
        if (choice.Format == StorageFormat.Dense)
        {
            return null;
        }

        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((byte)choice.Format);
            SparseMatrix.FromDense(choice, rows, columns, values, mask).Write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>The tensor of shape <paramref name="shape"/> encoded in <paramref name="payload"/>, or null when the bytes are invalid.</summary>
    public static Tensor? Decode(ReadOnlySpan<byte> payload, int[] shape)
    {
        (int rows, int columns) = MatrixShape(shape);
        if (payload.IsEmpty || payload[0] is 0 or > (byte)StorageFormat.Condensed)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(payload[1..].ToArray()));
            SparseMatrix matrix = SparseMatrix.Read((StorageFormat)payload[0], reader, rows, columns);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                return null;
            }

            var tensor = new Tensor(shape);
            matrix.ToDense(tensor.Span, new float[tensor.Length]);
            return tensor;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            return null;
        }
    }

    private static (int Rows, int Columns) MatrixShape(int[] shape)
    {
        int rows = shape.Length > 1 ? shape[0] : 1;
        long columns = 1;
        for (int d = shape.Length > 1 ? 1 : 0; d < shape.Length; d++)
        {
            columns *= shape[d];
        }

        return (rows, (int)columns);
    }
}
