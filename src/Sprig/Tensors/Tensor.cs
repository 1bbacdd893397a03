namespace Sprig.Tensors;

/// <summary>
/// A contiguous row-major float32 array with a shape. Layers reuse their output tensors across steps,
/// so the training hot path does not allocate.
/// </summary>
public sealed class Tensor
{
    private int[] _shape;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape)
    {
        _shape = (int[])shape.Clone();
        Data = new float[CountOf(shape)];
    }

    /// <summary>Wraps existing storage (not copied) with a shape whose element count must match it.</summary>
    public Tensor(float[] data, params int[] shape)
    {
        if (CountOf(shape) != data.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] does not hold {data.Length} elements.", nameof(shape));
        }

        _shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>The backing storage; its length is the element count.</summary>
    public float[] Data { get; private set; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The elements as a span.</summary>
    public Span<float> Span => Data;

    /// <summary>The size of dimension <paramref name="axis"/>.</summary>
    public int Dim(int axis) => _shape[axis];

    /// <summary>A copy of the shape.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    /// <summary>A tensor of a new shape that shares this tensor's storage.</summary>
    public Tensor View(params int[] shape) => new(Data, shape);

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new((float[])Data.Clone(), _shape);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Array.Clear(Data);

    /// <summary>
    /// Returns <paramref name="buffer"/> when it already has <paramref name="shape"/>, otherwise a new tensor of that
    /// shape: the reuse rule for per-layer scratch and output buffers. Contents are not cleared.
    /// </summary>
    public static Tensor Reuse(Tensor? buffer, params ReadOnlySpan<int> shape)
    {
        if (buffer is not null && buffer.Shape.SequenceEqual(shape))
        {
            return buffer;
        }

        if (buffer is not null && buffer.Length == CountOf(shape))
        {
            buffer._shape = shape.ToArray();
            return buffer;
        }

        return new Tensor(shape.ToArray());
    }

    /// <summary>The element count of a shape.</summary>
    public static int CountOf(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("Dimensions must be non-negative.", nameof(shape));
            }

            count *= d;
        }

        return checked((int)count);
    }

    /// <summary>The shape as text, e.g. <c>[128, 1, 28, 28]</c>.</summary>
    public override string ToString() => $"[{string.Join(", ", _shape)}]";
}
