namespace Sprig.Data;

/// <summary>The four IDX files of an MNIST-style dataset, found by <see cref="DatasetLocator"/>.</summary>
/// <param name="Directory">The directory holding the files.</param>
/// <param name="TrainImages">The training images (<c>train-images-idx3-ubyte[.gz]</c>).</param>
/// <param name="TrainLabels">The training labels (<c>train-labels-idx1-ubyte[.gz]</c>).</param>
/// <param name="TestImages">The test images (<c>t10k-images-idx3-ubyte[.gz]</c>).</param>
/// <param name="TestLabels">The test labels (<c>t10k-labels-idx1-ubyte[.gz]</c>).</param>
public sealed record IdxDatasetFiles(string Directory, string TrainImages, string TrainLabels, string TestImages, string TestLabels);
