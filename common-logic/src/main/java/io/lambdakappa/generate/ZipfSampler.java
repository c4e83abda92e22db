package io.lambdakappa.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank + 1)^exponent}: a few keys
 * get most of the traffic, as on a real site. Precomputes the cumulative distribution once and
 * draws by binary search, so a draw costs O(log n).
 */
final class ZipfSampler {

  private final double[] cumulative;

  ZipfSampler(int n, double exponent) {
    cumulative = new double[n];
    double total = 0;
    for (int rank = 0; rank < n; rank++) {
      total += 1.0 / Math.pow(rank + 1, exponent);
      cumulative[rank] = total;
    }
    for (int rank = 0; rank < n; rank++) {
      cumulative[rank] /= total;
    }
  }

  int sample(SplittableRandom random) {
    int index = Arrays.binarySearch(cumulative, random.nextDouble());
    int rank = index >= 0 ? index : -index - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
