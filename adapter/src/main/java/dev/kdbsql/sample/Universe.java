package dev.kdbsql.sample;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The instruments of a sample database: distinct ticker-like names, sorted (the order
 * {@code .Q.dpft} sorts rows in), each with a Zipf-like weight (a few very frequent symbols, a
 * long tail of rare ones), a base price and a sector.
 */
final class Universe {
  static final String[] SECTORS = {"Energy", "Materials", "Industrials", "Consumer", "Staples",
      "Health", "Financials", "Technology", "Telecom", "Utilities", "RealEstate"};
  private static final double ZIPF_EXPONENT = 1.1;

  final String[] names;
  final double[] weights;
  final double[] basePrices;
  final String[] sectors;

  Universe(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Set<String> seen = new HashSet<>();
    String[] drawn = new String[size];
    for (int i = 0; i < size; ) {
      int len = 1 + r.nextInt(4);
      char[] c = new char[len];
      for (int k = 0; k < len; k++) {
        c[k] = (char) ('A' + r.nextInt(26));
      }
      String s = new String(c);
      if (seen.add(s)) {
        drawn[i++] = s;
      }
    }
    names = drawn.clone();
    Arrays.sort(names);
    weights = new double[size];
    basePrices = new double[size];
    sectors = new String[size];
    int[] rank = new int[size];
    for (int i = 0; i < size; i++) {
      rank[Arrays.binarySearch(names, drawn[i])] = i;
    }
    for (int i = 0; i < size; i++) {
      weights[i] = 1.0 / Math.pow(rank[i] + 1, ZIPF_EXPONENT);
      basePrices[i] = Math.round((5 + r.nextDouble() * 495) * 100) / 100.0;
      sectors[i] = SECTORS[r.nextInt(SECTORS.length)];
    }
  }

  int size() {
    return names.length;
  }

  /**
   * Splits {@code rows} among the symbols for one day: proportional to the weights with
   * day-to-day noise, summing exactly to {@code rows}.
   */
  int[] rowsPerSymbol(int rows, SplittableRandom r) {
    int n = names.length;
    double[] w = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = weights[i] * (0.75 + 0.5 * r.nextDouble());
      total += w[i];
    }
    int[] out = new int[n];
    int assigned = 0;
    for (int i = 0; i < n; i++) {
      out[i] = (int) (rows * w[i] / total);
      assigned += out[i];
    }
    for (int left = rows - assigned; left > 0; left--) {
      out[r.nextInt(n)]++;
    }
    return out;
  }
}
