using Sprig.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Sprig.Data;

/// <summary>Loads MNIST-style IDX files into <see cref="Dataset"/>s (C = 1, pixels scaled to [0, 1]).</summary>
public static class IdxDatasetLoader
{
    /// <summary>
    /// Loads the training and test sets. The class count is <paramref name="classCount"/> when given (every label must
    /// be below it), else the largest label of either set + 1. The sets are not normalised.
    /// </summary>
    public static TrainTestData Load(IdxDatasetFiles files, string name, int? classCount = null)
    {
        (IdxImages trainImages, byte[] trainLabels) = ReadPair(files.TrainImages, files.TrainLabels);
        (IdxImages testImages, byte[] testLabels) = ReadPair(files.TestImages, files.TestLabels);
        int classes = classCount ?? Math.Max(Max(trainLabels), Max(testLabels)) + 1;
        CheckLabelRange(files.TrainLabels, trainLabels, classes);
        CheckLabelRange(files.TestLabels, testLabels, classes);
        var train = ToDataset($"{name}/train", trainImages, trainLabels, classes);
        var test = ToDataset($"{name}/test", testImages, testLabels, classes);
        return new TrainTestData(train, test);
    }

    /// <summary>Loads one image file and its label file as a dataset.</summary>
    public static Dataset Load(string imagesPath, string labelsPath, string name, int? classCount = null)
    {
        (IdxImages images, byte[] labels) = ReadPair(imagesPath, labelsPath);
        int classes = classCount ?? Max(labels) + 1;
        CheckLabelRange(labelsPath, labels, classes);
        return ToDataset(name, images, labels, classes);
    }

    private static (IdxImages Images, byte[] Labels) ReadPair(string imagesPath, string labelsPath)
    {
        IdxImages images = IdxReader.ReadImages(imagesPath);
        byte[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new SprigException($"{imagesPath} has {images.Count} images but {labelsPath} has {labels.Length} labels");
        }

        return (images, labels);
    }

    private static void CheckLabelRange(string labelsPath, byte[] labels, int classCount)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new SprigException($"{labelsPath}: label {labels[i]} at offset {8 + i} (sample {i}) is out of range for {classCount} classes");
            }
        }
    }

    private static int Max(byte[] labels)
    {
        int max = 0;
        foreach (byte label in labels)
        {
            max = Math.Max(max, label);
        }

        return max;
    }

    private static Dataset ToDataset(string name, IdxImages source, byte[] labelBytes, int classCount)
    {
        var images = new Tensor(source.Count, 1, source.Rows, source.Columns);
        // Divide (not multiply by 1/255) to match torchvision's ToTensor bit for bit.
        TensorPrimitives.ConvertChecked<byte, float>(source.Pixels, images.Span);
        TensorPrimitives.Divide(images.Span, 255f, images.Span);

        return new Dataset(name, images, Array.ConvertAll(labelBytes, label => (int)label), classCount);
    }
}
