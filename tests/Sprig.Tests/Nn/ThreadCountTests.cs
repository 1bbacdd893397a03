using Sprig.Kernels;
using Sprig.Nn;
using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class ThreadCountTests
{
    [Fact]
    public void TrainingSteps_AreBitIdentical_WithOneAndTwoThreads()
    {
        // Sizes above the element-wise kernels' threshold, so batch norm, ReLU, pooling and the SGD step really split.
        Assert.Equal(Train(threads: 1), Train(threads: 2));
    }

    private static float[] Train(int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            var rng = new Rng(31);
            var norm = new BatchNorm2d(8);
            var model = new Sequential(norm, new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 16 * 16, 70, rng));
            var optimizer = new Sgd(model.Parameters(), learningRate: 0.1f, momentum: 0.9f, weightDecay: 5e-4f);
            var loss = new SoftmaxCrossEntropy();
            int[] labels = new int[16];
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = i % 10;
            }

            for (int step = 0; step < 3; step++)
            {
                model.ZeroGrad();
                loss.Forward(model.Forward(GradientCheck.Random(rng, 16, 8, 32, 32)), labels);
                model.Backward(loss.Backward());
                optimizer.Step();
            }

            var state = new List<float>();
            foreach (var (_, tensor) in model.StateDict())
            {
                state.AddRange(tensor.Span.ToArray());
            }

            return [.. state];
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
