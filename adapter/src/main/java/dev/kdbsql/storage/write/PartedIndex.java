package dev.kdbsql.storage.write;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The index q appends to a {@code p#} enumeration file, reconstructed from q-written files
 * (docs/kdb-format.md §8; it reproduces the trailers of every 3.6+ {@code p#} file in the
 * fixtures). Readers skip it; q uses it to find each value's rows.
 *
 * <p>Layout after the indices: 8 bytes (q leaves memory garbage here; we write zeros, as some q
 * builds do); the distinct values as a {@code u#} vector header
 * {@code m 00 14 02 00000000 <int64 u>} and the values in order of first appearance; the rest
 * of q's allocation: {@code 2^j - u + 1} words (garbage, zeros here) where {@code 2^j} is the
 * least power of two {@code >= u}; a hash table of {@code 2^(j+1)} int64 slots holding the
 * position of each distinct value or -1, filled by linear probing from
 * {@code ((v * 0x9E3779B1) >>> 11) mod size}; then the part starts as a long vector
 * {@code m 00 07 00 00000000 <int64 u+1>}: the first row of each part and finally the row count.
 * Header byte {@code m} is q's allocation size class: {@code ceil(log2(bytes)) - 4} of the block.
 */
final class PartedIndex {
  private static final long HASH_MULTIPLIER = 0x9E3779B1L;
  private static final int HASH_SHIFT = 11;

  private final long[] distinct;
  private final long[] starts;
  private final long[] slots;
  private final int capacity;

  private PartedIndex(long[] distinct, long[] starts, long[] slots, int capacity) {
    this.distinct = distinct;
    this.starts = starts;
    this.slots = slots;
    this.capacity = capacity;
  }

  /** Builds the index of the first {@code n} values; throws if equal values are not contiguous. */
  static PartedIndex of(long[] values, int n, Path file) {
    int u = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        u++;
      }
    }
    int capacity = Integer.highestOneBit(Math.max(u, 1));
    if (capacity < u) {
      capacity <<= 1;
    }
    long[] slots = new long[capacity * 2];
    java.util.Arrays.fill(slots, -1);
    long[] distinct = new long[u];
    long[] starts = new long[u + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        if (find(slots, distinct, values[i]) >= 0) {
          throw new IllegalArgumentException(file + ": p# requires equal values to be contiguous,"
              + " but the value at row " + i + " (index " + values[i] + ") also occurs earlier"
              + " (q: u-fail); sort the table by this column first");
        }
        distinct[k] = values[i];
        starts[k] = i;
        insert(slots, values[i], k);
        k++;
      }
    }
    starts[u] = n;
    return new PartedIndex(distinct, starts, slots, capacity);
  }

  private static int slot(long v, int size) {
    return (int) (((v * HASH_MULTIPLIER) >>> HASH_SHIFT) & (size - 1));
  }

  private static void insert(long[] slots, long v, int position) {
    int s = slot(v, slots.length);
    while (slots[s] >= 0) {
      s = (s + 1) & (slots.length - 1);
    }
    slots[s] = position;
  }

  private static long find(long[] slots, long[] distinct, long v) {
    int s = slot(v, slots.length);
    while (slots[s] >= 0) {
      if (distinct[(int) slots[s]] == v) {
        return slots[s];
      }
      s = (s + 1) & (slots.length - 1);
    }
    return -1;
  }

  /** Writes the trailer; the output is 8-byte aligned after int64 indices. */
  void write(LeOutput out) throws IOException {
    int u = distinct.length;
    out.putLong(0);
    header(out, 16L + 8L * (capacity + 1 + slots.length), 20, 2, u);
    for (long v : distinct) {
      out.putLong(v);
    }
    out.zeros(8L * (capacity - u + 1));
    for (long s : slots) {
      out.putLong(s);
    }
    header(out, 16L + 8L * (u + 1), 7, 0, u + 1);
    for (long s : starts) {
      out.putLong(s);
    }
  }

  private static void header(LeOutput out, long blockBytes, int type, int attr, long count)
      throws IOException {
    int log2 = 64 - Long.numberOfLeadingZeros(blockBytes - 1);
    out.putByte(log2 - 4);
    out.putByte(0);
    out.putByte(type);
    out.putByte(attr);
    out.putInt(0);
    out.putLong(count);
  }
}
