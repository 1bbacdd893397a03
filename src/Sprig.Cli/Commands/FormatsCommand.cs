using System.CommandLine;
using System.Globalization;
using Sprig.Formats;
using Sprig.Serialization;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig formats --checkpoint DIR</c>: the cheapest storage format of every weight tensor and its size against dense.</summary>
internal static class FormatsCommand
{
    public static Command Create()
    {
        var checkpoint = CheckpointOption.Create("to analyse");
        var command = new Command("formats", "Show the cheapest sparse storage format and size of each weight tensor of a checkpoint.") { checkpoint };
        command.SetAction(parse => Run(parse.GetValue(checkpoint)!));
        return command;
    }

    private static int Run(string path)
    {
        string file = CheckpointOption.CheckpointFileOf(path);
        IReadOnlyList<LayerStorage> layers = LayerStorage.Analyze(Checkpoint.Load(file));
        const string Row = "{0,-24} {1,-16} {2,9} {3,-10} {4,12} {5,12} {6,9}";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, "layer", "shape", "sparsity", "format", "bytes", "dense", "vs dense"));
        long bytes = 0, dense = 0;
        foreach (LayerStorage layer in layers)
        {
            bytes += layer.Bytes;
            dense += layer.DenseBytes;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture, Row, layer.Name, string.Join('×', layer.Shape), layer.Sparsity.ToString("P1", CultureInfo.InvariantCulture),
                layer.Choice, layer.Bytes, layer.DenseBytes, Ratio(layer.Bytes, layer.DenseBytes)));
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Row, "total", "", "", "", bytes, dense, Ratio(bytes, dense)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint file {new FileInfo(file).Length} bytes ({file})"));
        return 0;
    }

    private static string Ratio(long bytes, long dense) =>
        dense == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{(double)bytes / dense:0.000}x");
}
