package dev.kdbsql.spark;

import dev.kdbsql.storage.Nulls;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Leaves on chars: one Latin-1 character each, a string of one character in Spark (the space, q's
 * null char, is null). The literal is compared with each of the 256 characters as Spark compares
 * strings, and the characters selected become ranges of raw bytes (the space never selected).
 */
final class CharLeaves extends ColumnLeaves {
  private static final UTF8String[] CHARS = new UTF8String[256];

  static {
    for (int b = 0; b < 256; b++) {
      CHARS[b] = UTF8String.fromString(String.valueOf((char) b));
    }
  }

  private final OrderedLeaves bytes;

  CharLeaves(int field, String name) {
    super(field, name);
    bytes = new OrderedLeaves(field, name, Literal.INTEGRAL, 0, 255, true, r -> r);
  }

  @Override
  Condition compare(Op op, Object value, boolean negated) {
    if (!(value instanceof String s)) {
      return null;
    }
    UTF8String x = UTF8String.fromString(s);
    boolean[] selected = new boolean[256];
    for (int b = 0; b < 256; b++) {
      int c = CHARS[b].binaryCompare(x);
      boolean t = switch (op) {
        case EQ -> CHARS[b].equals(x);
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
      };
      selected[b] = t != negated;
    }
    return of(selected);
  }

  @Override
  Condition in(Object[] values, boolean negated) {
    if (values.length == 0) {
      return null;
    }
    boolean[] selected = new boolean[256];
    for (Object v : values) {
      if (v == null) {
        if (negated) {
          return Condition.FALSE;
        }
        continue;
      }
      if (!(v instanceof String s)) {
        return null;
      }
      UTF8String x = UTF8String.fromString(s);
      for (int b = 0; b < 256; b++) {
        selected[b] |= CHARS[b].equals(x);
      }
    }
    if (negated) {
      for (int b = 0; b < 256; b++) {
        selected[b] = !selected[b];
      }
    }
    return of(selected);
  }

  /** The rows whose char is selected; the space is null, never selected. */
  private Condition of(boolean[] selected) {
    // The space (null) goes with its neighbours, to keep ranges whole; the engine drops it.
    int space = Nulls.CHAR_NULL;
    selected[space] = selected[space - 1] && selected[space + 1];
    List<long[]> ranges = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      if (selected[b]) {
        int from = b;
        while (b + 1 < 256 && selected[b + 1]) {
          b++;
        }
        if (!(from == space && b == space)) {
          ranges.add(new long[] {from, b});
        }
      }
    }
    return bytes.ranges(ranges);
  }
}
