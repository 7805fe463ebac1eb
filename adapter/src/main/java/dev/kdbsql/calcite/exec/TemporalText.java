package dev.kdbsql.calcite.exec;

import java.time.LocalDateTime;

/** SQL text of exact temporal values, always with nine fractional digits. */
public final class TemporalText {
  private TemporalText() {
  }

  /** {@code yyyy-MM-dd HH:mm:ss.fffffffff}. */
  public static String timestamp(LocalDateTime t) {
    StringBuilder b = new StringBuilder(29);
    int year = t.getYear();
    if (year < 0) {
      b.append('-');
      year = -year;
    }
    pad(b, year, 4).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append(' ');
    return time(b, t.toLocalTime().toNanoOfDay()).toString();
  }

  /** {@code HH:mm:ss.fffffffff} of nanoseconds since midnight. */
  public static String time(long nanoOfDay) {
    return time(new StringBuilder(18), nanoOfDay).toString();
  }

  private static StringBuilder time(StringBuilder b, long nanoOfDay) {
    long seconds = nanoOfDay / 1_000_000_000L;
    pad(b, (int) (seconds / 3600), 2).append(':');
    pad(b, (int) (seconds / 60 % 60), 2).append(':');
    pad(b, (int) (seconds % 60), 2).append('.');
    return pad(b, (int) (nanoOfDay % 1_000_000_000L), 9);
  }

  private static StringBuilder pad(StringBuilder b, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }
}
