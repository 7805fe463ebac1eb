package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.exec.WindowProgram.OrderKey;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code ORDER BY} over rows held in memory, on their keys encoded as primitives
 * ({@link WindowKeys}: kdb+ timestamps to the nanosecond, doubles by {@link Double#compare},
 * strings and other values by rank): compares rows by index and sorts permutations of them,
 * stably, as Calcite's sort leaves ties. Shared by the window operator (within each partition)
 * and the sort operator ({@link SortRuntime}).
 *
 * <p>Rows are often in order already (stored by time, or by sym then time): {@link #sort} checks
 * that first, then the reverse order, then order by the first key alone (sorting only its runs
 * of ties), and merge-sorts only what is left.
 */
final class RowOrder {
  private final WindowKeys[] keys;
  private final OrderKey[] order;

  RowOrder(WindowKeys[] keys, OrderKey[] order) {
    this.keys = keys;
    this.order = order;
  }

  /** The order {@code order} of {@code rows}, their key fields encoded. */
  static RowOrder of(List<Object[]> rows, OrderKey[] order) {
    WindowKeys[] keys = new WindowKeys[order.length];
    for (int k = 0; k < order.length; k++) {
      keys[k] = WindowKeys.of(rows, order[k].field());
    }
    return new RowOrder(keys, order);
  }

  /** The encoded key {@code k}. */
  WindowKeys key(int k) {
    return keys[k];
  }

  /** Whether there is no key at all: every row ties. */
  boolean isEmpty() {
    return keys.length == 0;
  }

  /** Compares rows {@code x} and {@code y}. */
  int compare(int x, int y) {
    for (int k = 0; k < keys.length; k++) {
      WindowKeys w = keys[k];
      boolean nx = w.isNull(x);
      boolean ny = w.isNull(y);
      if (nx || ny) {
        if (nx == ny) {
          continue;
        }
        return nx == order[k].nullsFirst() ? -1 : 1;
      }
      int c = Long.compare(w.codes[x], w.codes[y]);
      if (c != 0) {
        return order[k].descending() ? -c : c;
      }
    }
    return 0;
  }

  /** Sorts the rows {@code perm[s..e)} stably. */
  void sort(int[] perm, int s, int e) {
    if (keys.length > 0 && !sorted(perm, s, e) && !reversed(perm, s, e)
        && !(keys.length > 1 && sortTies(perm, s, e))) {
      mergeSort(perm, s, e);
    }
  }

  private boolean sorted(int[] perm, int s, int e) {
    for (int p = s + 1; p < e; p++) {
      if (compare(perm[p - 1], perm[p]) > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Puts {@code perm[s..e)} in order if it is in the opposite order (rows stored by time, ordered
   * by time descending): reversed, then each run of ties reversed back so that ties keep their
   * arrival order, as a stable sort leaves them. False (and {@code perm} unchanged) otherwise.
   */
  private boolean reversed(int[] perm, int s, int e) {
    for (int p = s + 1; p < e; p++) {
      if (compare(perm[p - 1], perm[p]) < 0) {
        return false;
      }
    }
    reverse(perm, s, e);
    int first = s;
    for (int p = s + 1; p <= e; p++) {
      if (p == e || compare(perm[p - 1], perm[p]) != 0) {
        reverse(perm, first, p);
        first = p;
      }
    }
    return true;
  }

  private static void reverse(int[] perm, int s, int e) {
    for (int i = s, j = e - 1; i < j; i++, j--) {
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
  }

  /**
   * Sorts {@code perm[s..e)} when its rows are already in the order of the first key (rows stored
   * by time, ordered by time then price): only each run of ties in that key is sorted by the
   * rest. False (and {@code perm} unchanged) if the first key is out of order.
   */
  private boolean sortTies(int[] perm, int s, int e) {
    RowOrder first = new RowOrder(new WindowKeys[] {keys[0]}, new OrderKey[] {order[0]});
    if (!first.sorted(perm, s, e)) {
      return false;
    }
    RowOrder rest = new RowOrder(Arrays.copyOfRange(keys, 1, keys.length),
        Arrays.copyOfRange(order, 1, order.length));
    int run = s;
    for (int p = s + 1; p <= e; p++) {
      if (p == e || first.compare(perm[p - 1], perm[p]) != 0) {
        if (p - run > 1 && !rest.sorted(perm, run, p)) {
          rest.mergeSort(perm, run, p);
        }
        run = p;
      }
    }
    return true;
  }

  /** Stable merge sort of {@code perm[s..e)}. */
  private void mergeSort(int[] perm, int s, int e) {
    int[] buffer = new int[e - s];
    int[] src = Arrays.copyOfRange(perm, s, e);
    int n = src.length;
    // Bottom-up, from runs of 16 sorted by insertion.
    for (int lo = 0; lo < n; lo += 16) {
      int hi = Math.min(n, lo + 16);
      for (int i = lo + 1; i < hi; i++) {
        int v = src[i];
        int j = i - 1;
        while (j >= lo && compare(src[j], v) > 0) {
          src[j + 1] = src[j];
          j--;
        }
        src[j + 1] = v;
      }
    }
    int[] from = src;
    int[] to = buffer;
    for (int width = 16; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          to[k++] = compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
        }
        while (i < mid) {
          to[k++] = from[i++];
        }
        while (j < hi) {
          to[k++] = from[j++];
        }
      }
      int[] t = from;
      from = to;
      to = t;
    }
    System.arraycopy(from, 0, perm, s, n);
  }
}
