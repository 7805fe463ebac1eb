package dev.kdbsql.calcite.exec;

import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * A {@link Timestamp} that remembers the exact kdb+ wall-clock value it was made from.
 *
 * <p>kdb+ timestamps are zone-less; {@code java.sql.Timestamp} is an instant read in the JVM's
 * zone, so a wall-clock time that falls into a daylight-saving gap of that zone (02:30 on a spring
 * forward day in New York) cannot be represented by a plain Timestamp: {@link #getTime()} moves
 * it by the gap. {@link #toLocalDateTime()}, {@link #getNanos()} and {@link #toString()} are exact
 * to the nanosecond in every zone.
 *
 * <p>What the JDBC driver returns for a kdb+ timestamp ({@code getTimestamp}, {@code getObject});
 * inside Calcite timestamps are {@link dev.kdbsql.calcite.exec.KdbTimestamp}s.
 */
public final class WallClockTimestamp extends Timestamp {
  private final LocalDateTime wallClock;

  private WallClockTimestamp(LocalDateTime wallClock) {
    super(Timestamp.valueOf(wallClock).getTime());
    super.setNanos(wallClock.getNano());
    this.wallClock = wallClock;
  }

  /** Creates the timestamp for {@code wallClock}. */
  public static WallClockTimestamp of(LocalDateTime wallClock) {
    return new WallClockTimestamp(wallClock);
  }

  @Override
  public LocalDateTime toLocalDateTime() {
    return wallClock;
  }

  /** The wall clock in {@code Timestamp.toString()}'s format: {@code yyyy-mm-dd hh:mm:ss.f...}. */
  @Override
  public String toString() {
    String nanos = String.format("%09d", wallClock.getNano()).replaceFirst("(\\d)0+$", "$1");
    return String.format("%04d-%02d-%02d %02d:%02d:%02d.%s", wallClock.getYear(),
        wallClock.getMonthValue(), wallClock.getDayOfMonth(), wallClock.getHour(),
        wallClock.getMinute(), wallClock.getSecond(), nanos);
  }

}
