using Sprig.Data;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;
using Xunit.Abstractions;

namespace Sprig.Tests.Data;

public sealed class SyntheticDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public void IsDeterministicForASeedAndIndependentOfSize()
    {
        TrainTestData a = SyntheticDataset.Create(seed: 4, trainCount: 60, testCount: 20);
        TrainTestData b = SyntheticDataset.Create(seed: 4, trainCount: 60, testCount: 20);
        TrainTestData larger = SyntheticDataset.Create(seed: 4, trainCount: 90, testCount: 30);
        TrainTestData other = SyntheticDataset.Create(seed: 5, trainCount: 60, testCount: 20);

        Assert.Equal(a.Train.Images.Data, b.Train.Images.Data);
        Assert.Equal(a.Test.Labels, b.Test.Labels);
        Assert.Equal(a.Train.Images.Data, larger.Train.Images.Data.AsSpan(0, a.Train.Images.Length).ToArray());
        Assert.Equal(a.Test.Labels, larger.Test.Labels[..20]);
        Assert.NotEqual(a.Train.Images.Data, other.Train.Images.Data);
        Assert.NotEqual(a.Train.Images.Data.AsSpan(0, 784).ToArray(), a.Test.Images.Data.AsSpan(0, 784).ToArray());
    }

    [Fact]
    public void HasTheShapeOfATenClassImageTask()
    {
        TrainTestData data = SyntheticDataset.Create(seed: 1, trainCount: 500, testCount: 100);

        Assert.Equal([500, 1, 28, 28], data.Train.Images.ShapeArray());
        Assert.Equal([100, 1, 28, 28], data.Test.Images.ShapeArray());
        Assert.Equal(10, data.Train.ClassCount);
        Assert.Equal(10, data.Train.Labels.Distinct().Count());
        Assert.All(data.Train.Images.Data, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void NearestClassMeanIsWellAboveChanceButNotPerfect()
    {
        TrainTestData data = SyntheticDataset.Create(seed: 2, trainCount: 2000, testCount: 500);
        var means = new double[10, 784];
        var counts = new int[10];
        for (int i = 0; i < data.Train.Count; i++)
        {
            int label = data.Train.Labels[i];
            counts[label]++;
            ReadOnlySpan<float> sample = data.Train.Sample(i);
            for (int p = 0; p < 784; p++)
            {
                means[label, p] += sample[p];
            }
        }

        int correct = 0;
        for (int i = 0; i < data.Test.Count; i++)
        {
            ReadOnlySpan<float> sample = data.Test.Sample(i);
            int best = -1;
            double bestDistance = double.MaxValue;
            for (int k = 0; k < 10; k++)
            {
                double distance = 0;
                for (int p = 0; p < 784; p++)
                {
                    double d = sample[p] - (means[k, p] / counts[k]);
                    distance += d * d;
                }

                (best, bestDistance) = distance < bestDistance ? (k, distance) : (best, bestDistance);
            }

            correct += best == data.Test.Labels[i] ? 1 : 0;
        }

        double accuracy = correct / (double)data.Test.Count;
        output.WriteLine($"nearest class mean test accuracy: {accuracy:F3}");
        Assert.InRange(accuracy, 0.4, 0.95);
    }

    [Fact]
    public void SmallMlpLearnsItInTwoEpochs()
    {
        TrainTestData data = SyntheticDataset.Create(seed: 1);
        data.NormalizeFromTrain();
        var rng = new Rng(3);
        var model = new Sequential(new Flatten(), new Linear(784, 64, rng), new ReLU(), new Linear(64, 10, rng));
        var optimizer = new Sgd(model.Parameters(), learningRate: 0.05f, momentum: 0.9f);
        var loss = new SoftmaxCrossEntropy();
        var loader = new DataLoader(data.Train, 64, seed: 7);

        double firstEpoch = 0;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            foreach (DataBatch batch in loader.Epoch(epoch))
            {
                model.ZeroGrad();
                loss.Forward(model.Forward(batch.Images), batch.Labels);
                model.Backward(loss.Backward());
                optimizer.Step();
            }

            firstEpoch = epoch == 0 ? TestAccuracy(model, data.Test) : firstEpoch;
        }

        double secondEpoch = TestAccuracy(model, data.Test);
        output.WriteLine($"MLP 784-64-10 test accuracy: epoch 1 {firstEpoch:F3}, epoch 2 {secondEpoch:F3}");
        Assert.InRange(firstEpoch, 0.5, 0.99);
        Assert.InRange(secondEpoch, 0.8, 0.995);
    }

    private static double TestAccuracy(Module model, Dataset test)
    {
        int correct = 0;
        foreach (DataBatch batch in new DataLoader(test, 500, seed: 0, shuffle: false).Epoch(0))
        {
            correct += SoftmaxCrossEntropy.CountCorrect(model.Forward(batch.Images), batch.Labels);
        }

        return correct / (double)test.Count;
    }
}
