package dev.kdbsql.storage.write;

import dev.kdbsql.storage.KdbType;
import java.util.Random;

/**
 * A table of list columns, one per fixed-width kdb+ type ({@code l} + the type letter): empty
 * lists every fifth row, long (full anymap) items now and then, and elements from
 * {@link AllTypes}, so nulls and infinities inside. Shared with other modules' tests through
 * adapter's test jar.
 */
public final class ListTables {
  private ListTables() {}

  /** {@code rows} rows drawn from {@code seed}. */
  public static TableData lists(int rows, long seed) {
    Random r = new Random(seed);
    TableData.Builder b = TableData.builder();
    for (KdbType t : KdbType.values()) {
      if (t == KdbType.SYMBOL || t == KdbType.CHAR) {
        continue;
      }
      int[] offsets = new int[rows + 1];
      for (int i = 0; i < rows; i++) {
        int len = i % 5 == 0 ? 0 : i % 7 == 3 ? 40 + r.nextInt(30) : r.nextInt(6);
        offsets[i + 1] = offsets[i] + len;
      }
      ColumnData e = AllTypes.table(offsets[rows], seed + t.ordinal())
          .column(String.valueOf(t.letter()));
      b.add("l" + t.letter(), ColumnData.lists(e, offsets));
    }
    return b.build();
  }

  /** The elements of all rows of list column {@code c}. */
  public static ColumnData elements(ColumnData c) {
    return c.listElements();
  }

  /** Row {@code i} of list column {@code c} holds elements {@code [offsets[i], offsets[i + 1])}. */
  public static int[] offsets(ColumnData c) {
    return c.listOffsets().clone();
  }
}
