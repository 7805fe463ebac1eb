package dev.kdbsql.jdbc;

import dev.kdbsql.calcite.exec.TemporalText;
import java.sql.Time;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.TimeZone;

/**
 * A {@link Time} that keeps the nanoseconds of the kdb+ timespan it was made from.
 *
 * <p>{@code java.sql.Time} holds milliseconds on 1970-01-01 in the JVM's zone and no fraction in
 * its text. This one is that instant (so code reading {@link #getTime()} sees the time of day in
 * the JVM's zone, to the millisecond, as for any Time), while {@link #toLocalTime()} and
 * {@link #toString()} give the stored time of day exact to the nanosecond, in every zone.
 */
public final class WallClockTime extends Time {
  private static final long serialVersionUID = 1L;
  private final LocalTime time;

  /** The JVM zone's offset over 1970-01-01, when it has no transition that day. */
  private record Day(String zone, boolean fixed, long offsetMillis) {
  }

  private static volatile Day day;

  private WallClockTime(LocalTime time) {
    super(instant(time));
    this.time = time;
  }

  /**
   * {@code Time.valueOf(time)}'s instant plus the milliseconds: 1970-01-01 at {@code time} in
   * the JVM's zone. Through the zone's offset that day, kept while the default zone stays the
   * same, since {@code Time.valueOf} is slow enough to count in a result of many rows.
   */
  private static long instant(LocalTime time) {
    TimeZone zone = TimeZone.getDefault();
    Day d = day;
    if (d == null || !d.zone().equals(zone.getID())) {
      ZoneId id = zone.toZoneId();
      Instant start = LocalDate.of(1970, 1, 1).atStartOfDay(id).toInstant();
      ZoneOffsetTransition next = id.getRules().nextTransition(start.minusSeconds(1));
      boolean fixed = next == null
          || next.getInstant().isAfter(start.plusSeconds(2 * 86_400));
      d = new Day(zone.getID(), fixed,
          id.getRules().getOffset(start).getTotalSeconds() * 1000L);
      day = d;
    }
    long millis = time.toNanoOfDay() / 1_000_000L;
    return d.fixed() ? millis - d.offsetMillis()
        : Time.valueOf(time).getTime() + time.getNano() / 1_000_000;
  }

  /** The Time of {@code time}. */
  public static WallClockTime of(LocalTime time) {
    return new WallClockTime(time);
  }

  @Override
  public LocalTime toLocalTime() {
    return time;
  }

  /** {@code HH:mm:ss.fffffffff}: all nine fractional digits. */
  @Override
  public String toString() {
    return TemporalText.time(time.toNanoOfDay());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WallClockTime t ? t.time.equals(time) : super.equals(o);
  }

  @Override
  public int hashCode() {
    return time.hashCode();
  }
}
