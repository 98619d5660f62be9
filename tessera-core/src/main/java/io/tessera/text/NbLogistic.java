package io.tessera.text;

import java.util.SplittableRandom;

/**
 * A binary classifier over sparse binary features: logistic regression on naive-Bayes-scaled
 * features (NB-LR), trained by stochastic gradient descent with L2 regularisation.
 *
 * <p>The naive Bayes log-count ratio of each feature, r = log((p / |p|_1) / (q / |q|_1)) with p and
 * q the feature's smoothed counts (+1) in positive and negative documents, scales the binary
 * features; a logistic regression with an L2 penalty is fitted on the scaled features. This is Wang
 * and Manning's NBSVM with the logistic loss in place of the hinge (Mesnil et al.), which beats
 * plain logistic regression on short sentiment texts. SGD uses the learning rate eta_t = eta_0 / (1
 * + eta_0 lambda t) and keeps the weights as a scale times a vector so that the L2 shrinkage costs
 * nothing per step (Bottou); the examples are visited in a seeded random order.
 *
 * <p>References: S. Wang and C. D. Manning, "Baselines and Bigrams: Simple, Good Sentiment and
 * Topic Classification", ACL 2012; G. Mesnil, T. Mikolov, M. Ranzato and Y. Bengio, "Ensemble of
 * Generative and Discriminative Techniques for Sentiment Analysis of Movie Reviews", ICLR 2015
 * workshop; L. Bottou, "Stochastic Gradient Descent Tricks", Neural Networks: Tricks of the Trade,
 * 2012.
 */
final class NbLogistic {
  private static final double ETA0 = 0.2;

  private final float[] ratio;
  private final float[] weight;
  private final double bias;

  private NbLogistic(float[] ratio, float[] weight, double bias) {
    this.ratio = ratio;
    this.weight = weight;
    this.bias = bias;
  }

  /**
   * Fits on the documents {@code rows} of {@code x} (sorted feature slots) with labels {@code y} (1
   * positive, 0 negative).
   */
  static NbLogistic fit(int[][] x, int[] y, int[] rows, double lambda, int epochs, long seed) {
    int dim = NgramFeatures.DIM;
    float[] pos = new float[dim];
    float[] neg = new float[dim];
    double posTotal = 0;
    double negTotal = 0;
    for (int r : rows) {
      float[] c = y[r] == 1 ? pos : neg;
      for (int j : x[r]) {
        c[j]++;
      }
      if (y[r] == 1) {
        posTotal += x[r].length;
      } else {
        negTotal += x[r].length;
      }
    }
    float[] ratio = new float[dim];
    // +1 smoothing for every slot: |p|_1 = dim + the feature occurrences
    double logP = Math.log(posTotal + dim);
    double logQ = Math.log(negTotal + dim);
    for (int j = 0; j < dim; j++) {
      if (pos[j] + neg[j] > 0) {
        ratio[j] = (float) ((Math.log(pos[j] + 1) - logP) - (Math.log(neg[j] + 1) - logQ));
      }
    }
    double[] v = new double[dim];
    double scale = 1;
    double b = 0;
    int[] order = rows.clone();
    SplittableRandom rnd = new SplittableRandom(seed);
    long t = 0;
    for (int e = 0; e < epochs; e++) {
      for (int i = order.length - 1; i > 0; i--) {
        int k = rnd.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[k];
        order[k] = tmp;
      }
      for (int r : order) {
        double eta = ETA0 / (1 + ETA0 * lambda * t++);
        double z = b;
        for (int j : x[r]) {
          z += scale * v[j] * ratio[j];
        }
        double g = sigmoid(z) - y[r];
        scale *= 1 - eta * lambda;
        if (scale < 1e-9) {
          for (int j = 0; j < dim; j++) {
            v[j] *= scale;
          }
          scale = 1;
        }
        double step = eta * g / scale;
        for (int j : x[r]) {
          v[j] -= step * ratio[j];
        }
        b -= eta * g;
      }
    }
    float[] w = new float[dim];
    for (int j = 0; j < dim; j++) {
      w[j] = (float) (v[j] * scale);
    }
    return new NbLogistic(ratio, w, b);
  }

  /** The probability that a document with these feature slots is positive. */
  double probability(int[] features) {
    double z = bias;
    for (int j : features) {
      z += weight[j] * ratio[j];
    }
    return sigmoid(z);
  }

  private static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
