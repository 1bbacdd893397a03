using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sprig.Formats;
using Sprig.Tensors;

namespace Sprig.Serialization;

/// <summary>
/// Everything needed to continue or evaluate a run: named float tensors (weights, buffers, optimizer state),
/// 0/1 masks (stored as bitmaps, one bit per weight) and a JSON metadata document (configuration, counters,
/// random-generator states, history).
/// </summary>
/// <remarks>
/// File layout, little-endian: the 8-byte magic <c>SPRIGCKP</c>, an int32 format version, the UTF-8 metadata
/// (int32 length + bytes), an int32 entry count, then per entry: name (int32 length + UTF-8), one encoding byte
/// (0 = float32 values, 1 = bitmap mask, 2 = sparse float32), int32 rank, int32 dimensions, int32 payload length,
/// payload. A sparse entry (version 2) holds a <see cref="StorageFormat"/> byte and that format's encoding of the tensor
/// viewed as [dim0, rest], keeping the values that are not zero (−0 reads back as +0); the writer uses it when
/// <see cref="FormatAdvisor"/> finds a format smaller than dense, so a pruned model's file shrinks with its sparsity.
/// Version 1 files (no sparse entries) still load. The file ends
/// with the SHA-256 of all preceding bytes, so truncation and corruption are detected before anything is parsed.
/// Files are written with <see cref="AtomicFile"/>.
/// </remarks>
public sealed class Checkpoint
{
    private const int FormatVersion = 2;
    private const int OldestReadableVersion = 1;
    private const int HashLength = 32;
    private const byte Float32Encoding = 0;
    private const byte BitmapEncoding = 1;
    private const byte SparseEncoding = 2;
    private static readonly byte[] s_magic = "SPRIGCKP"u8.ToArray();

    /// <summary>The metadata document (JSON).</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>Named float tensors.</summary>
    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);

    /// <summary>Named 0/1 masks (values other than 0 are stored as 1).</summary>
    public Dictionary<string, Tensor> Masks { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes the checkpoint to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the checkpoint's bytes, checksum included, to <paramref name="stream"/>.</summary>
    internal void WriteTo(Stream stream)
    {
        using var hashing = new HashingStream(stream);
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(FormatVersion);
            WriteString(writer, Metadata);
            writer.Write(Tensors.Count + Masks.Count);
            foreach (var (name, tensor) in Tensors)
            {
                if (SparseTensorCodec.Encode(tensor) is { } sparse)
                {
                    WriteHeader(writer, name, SparseEncoding, tensor);
                    writer.Write(sparse.Length);
                    writer.Write(sparse);
                    continue;
                }

                WriteHeader(writer, name, Float32Encoding, tensor);
                writer.Write(tensor.Length * sizeof(float));
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Span));
            }

            foreach (var (name, mask) in Masks)
            {
                WriteHeader(writer, name, BitmapEncoding, mask);
                byte[] bits = PackBits(mask.Span);
                writer.Write(bits.Length);
                writer.Write(bits);
            }
        }

        stream.Write(hashing.Finish());
    }

    /// <summary>Reads a checkpoint, verifying its checksum and structure.</summary>
    /// <exception cref="SprigException">The file is missing, truncated, corrupt or not a Sprig checkpoint.</exception>
    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SprigException($"{path}: checkpoint file not found");
        }

        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses checkpoint bytes; <paramref name="path"/> names them in error messages.</summary>
    internal static Checkpoint Decode(byte[] bytes, string path)
    {
        if (bytes.Length < s_magic.Length + HashLength || !bytes.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
        {
            throw new SprigException($"{path}: not a Sprig checkpoint (bad magic or too short)");
        }

        int bodyLength = bytes.Length - HashLength;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
        {
            throw new SprigException($"{path}: checkpoint is corrupt or truncated (checksum mismatch)");
        }

        var reader = new SpanReader(bytes.AsSpan(0, bodyLength).ToArray(), path);
        reader.Skip(s_magic.Length);
        int version = reader.Int32();
        if (version is < OldestReadableVersion or > FormatVersion)
        {
            throw new SprigException($"{path}: checkpoint format version {version} is not supported (expected {OldestReadableVersion} to {FormatVersion})");
        }

        var checkpoint = new Checkpoint { Metadata = reader.String() };
        int count = reader.Int32();
        for (int i = 0; i < count; i++)
        {
            string name = reader.String();
            byte encoding = reader.Byte();
            int rank = reader.Int32();
            if (rank is < 0 or > 8)
            {
                throw reader.Error($"entry '{name}' has rank {rank}");
            }

            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++)
            {
                shape[d] = reader.Int32();
            }

            long elements = 1;
            foreach (int d in shape)
            {
                elements = d < 0 ? -1 : elements * d;
                if (elements is < 0 or > int.MaxValue)
                {
                    throw reader.Error($"entry '{name}' has an invalid shape");
                }
            }

            // The payload is read, and its length checked against the shape, before anything is allocated.
            ReadOnlySpan<byte> payload = reader.Bytes(reader.Int32());
            switch (encoding)
            {
                case Float32Encoding when payload.Length == elements * sizeof(float):
                    var values = new Tensor(shape);
                    payload.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.Span));
                    checkpoint.Tensors[name] = values;
                    break;
                case SparseEncoding when version >= 2:
                    checkpoint.Tensors[name] = SparseTensorCodec.Decode(payload, shape)
                        ?? throw reader.Error($"entry '{name}' has an invalid sparse encoding");
                    break;
                case BitmapEncoding when payload.Length == (elements + 7) / 8:
                    var mask = new Tensor(shape);
                    UnpackBits(payload, mask.Span);
                    checkpoint.Masks[name] = mask;
                    break;
                default:
                    throw reader.Error($"entry '{name}' has encoding {encoding} with a payload of {payload.Length} bytes that does not fit its shape");
            }
        }

        if (!reader.AtEnd)
        {
            throw reader.Error("unexpected bytes after the last entry");
        }

        return checkpoint;
    }

    private static void WriteHeader(BinaryWriter writer, string name, byte encoding, Tensor tensor)
    {
        WriteString(writer, name);
        writer.Write(encoding);
        writer.Write(tensor.Rank);
        foreach (int d in tensor.Shape)
        {
            writer.Write(d);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        writer.Write(utf8.Length);
        writer.Write(utf8);
    }

    private static byte[] PackBits(ReadOnlySpan<float> mask)
    {
        byte[] bits = new byte[(mask.Length + 7) / 8];
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0f)
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }

        return bits;
    }

    private static void UnpackBits(ReadOnlySpan<byte> bits, Span<float> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = (bits[i >> 3] >> (i & 7) & 1) != 0 ? 1f : 0f;
        }
    }

    /// <summary>Bounds-checked little-endian reads that fail with the file name and byte offset.</summary>
    private sealed class SpanReader(byte[] data, string path)
    {
        private int _offset;

        public bool AtEnd => _offset == data.Length;

        public void Skip(int count) => Bytes(count);

        public byte Byte() => Bytes(1)[0];

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public string String()
        {
            int length = Int32();
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Bytes(length));
            }
            catch (DecoderFallbackException)
            {
                throw Error("invalid UTF-8 text");
            }
        }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || count > data.Length - _offset)
            {
                throw Error($"needs {count} bytes but {data.Length - _offset} remain");
            }

            var span = new ReadOnlySpan<byte>(data, _offset, count);
            _offset += count;
            return span;
        }

        // Names come from the file itself; control characters in a damaged name must not break the one-line message.
        public SprigException Error(string what) =>
            new($"{path}: corrupt checkpoint at byte {_offset}: {string.Concat(what.Select(c => char.IsControl(c) ? '?' : c))}");
    }
}
