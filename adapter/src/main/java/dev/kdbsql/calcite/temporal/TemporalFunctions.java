package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import dev.kdbsql.storage.Temporals;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.linq4j.function.Deterministic;
import org.apache.calcite.linq4j.function.Strict;

/**
 * The runtime of {@link ExactTemporals}: what generated code calls where Calcite's own operators
 * would turn an exact kdb+ temporal into milliseconds. Every function is strict (a NULL argument
 * gives NULL without calling it) and deterministic (calls on constants are evaluated once).
 *
 * <p>"Calcite's value" below means Calcite's runtime representation of its own SQL type: a
 * TIMESTAMP is the wall clock read as UTC epoch milliseconds ({@code long}), a TIME milliseconds
 * of the day ({@code int}), a DATE days since 1970-01-01 ({@code int}), a day-time INTERVAL
 * milliseconds ({@code long}), a year-month INTERVAL months ({@code int}). Going from it to an
 * exact value is exact; going the other way floors to the millisecond.
 */
@Deterministic
@Strict
public final class TemporalFunctions {
  private static final long NANOS_PER_MILLI = 1_000_000L;
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;
  private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();
  private static final DateTimeFormatter TIME_TEXT = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();

  private TemporalFunctions() {
  }

  // Literals and text.

  /** The timestamp of SQL timestamp text with up to nine fractional digits. */
  public static KdbTimestamp timestamp(String text) {
    String t = text.trim();
    try {
      return KdbTimestamp.of(wallClock(t));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange("timestamp " + t, e);
    }
  }

  /** The wall clock of SQL timestamp or date text, with up to nine fractional digits. */
  static LocalDateTime wallClock(String text) {
    String t = text.trim();
    return t.length() <= 10
        ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t, TIMESTAMP_TEXT);
  }

  /** The time of day of SQL time text with up to nine fractional digits. */
  public static KdbTimespan timespan(String text) {
    return KdbTimespan.of(LocalTime.parse(text.trim(), TIME_TEXT));
  }

  /** SQL text of a timestamp, with all nine fractional digits. */
  public static String timestampText(KdbTimestamp t) {
    return t.toString();
  }

  /** SQL text of a time of day, with all nine fractional digits. */
  public static String timespanText(KdbTimespan t) {
    return t.toString();
  }

  /**
   * Calcite's TIMESTAMP value as text with {@code digits} fractional digits: Calcite 1.42 casts
   * its TIMESTAMP(p) to text without them (a kdb+ datetime 23:19:12.001 became "23:19:12").
   */
  public static String millisTimestampText(long millis, int digits) {
    return DateTimeUtils.unixTimestampToString(millis, digits);
  }

  /** Calcite's TIME value as text with {@code digits} fractional digits. */
  public static String millisTimeText(int millis, int digits) {
    return DateTimeUtils.unixTimeToString(millis, digits);
  }

  // CONVERT_TIMEZONE (the JDBC escape): a wall clock in one zone read in another.

  /**
   * The wall clock {@code t} of zone {@code from} as the wall clock of zone {@code to} at the
   * same instant (a time in a spring-forward gap moves forward, as {@code ZonedDateTime} does).
   */
  public static KdbTimestamp convertTimezone(String from, String to, KdbTimestamp t) {
    return KdbTimestamp.of(Temporals.timestampValue(
        convert(from, to, Temporals.timestamp(t.nanos()))));
  }

  /** {@link #convertTimezone} of Calcite's TIMESTAMP value. */
  public static long convertTimezoneMillis(String from, String to, long millis) {
    LocalDateTime wall = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
        (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
    return convert(from, to, wall).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static LocalDateTime convert(String from, String to, LocalDateTime wall) {
    return wall.atZone(zone(from)).withZoneSameInstant(zone(to)).toLocalDateTime();
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id, ZoneId.SHORT_IDS);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("CONVERT_TIMEZONE: '" + id + "' is not a time zone"
          + " (a region such as 'America/New_York', 'UTC' or an offset such as '+05:30')", e);
    }
  }

  // From Calcite's values (exact).

  /** The timestamp of Calcite's TIMESTAMP value. */
  public static KdbTimestamp timestampOfMillis(long millis) {
    return KdbTimestamp.ofCalciteMillis(millis);
  }

  /**
   * The timestamp a parameter compared with kdb+ timestamps is bound to: the exact value the
   * driver hands over ({@link KdbTimestamp}, from a {@code Timestamp}, {@code LocalDateTime} or
   * text), text with up to nine digits, or Calcite's value as Avatica binds it on a plain Calcite
   * connection: a TIMESTAMP's milliseconds ({@code Long}), a DATE's days ({@code Integer}).
   */
  public static KdbTimestamp timestampOfParameter(Object value) {
    if (value instanceof KdbTimestamp t) {
      return t;
    }
    if (value instanceof String text) {
      return timestamp(text);
    }
    if (value instanceof LocalDateTime t) {
      return KdbTimestamp.of(t);
    }
    if (value instanceof Long millis) {
      return timestampOfMillis(millis);
    }
    if (value instanceof Integer days) {
      return timestampOfDate(days);
    }
    throw new IllegalArgumentException("a parameter compared with a kdb+ timestamp takes a"
        + " timestamp or its text, not a " + value.getClass().getName());
  }

  /** The time of day a parameter compared with kdb+ timespans is bound to, as above. */
  public static KdbTimespan timespanOfParameter(Object value) {
    if (value instanceof KdbTimespan t) {
      return t;
    }
    if (value instanceof String text) {
      return timespan(text);
    }
    if (value instanceof LocalTime t) {
      return KdbTimespan.of(t);
    }
    if (value instanceof Integer || value instanceof Long) {
      // Milliseconds of a day, around the clock as Calcite's TIME values are (setLong too).
      return KdbTimespan.ofDay(Math.floorMod(((Number) value).longValue(),
          Temporals.MILLIS_PER_DAY) * NANOS_PER_MILLI);
    }
    throw new IllegalArgumentException("a parameter compared with a kdb+ timespan takes a time"
        + " of day or its text, not a " + value.getClass().getName());
  }

  /** The timestamp at the start of Calcite's DATE value. */
  public static KdbTimestamp timestampOfDate(int days) {
    try {
      return KdbTimestamp.of(Math.multiplyExact(days - (long) Temporals.EPOCH_DAYS_2000,
          Temporals.NANOS_PER_DAY));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange("the start of date " + LocalDate.ofEpochDay(days), e);
    }
  }

  /** {@code date + time}: the timestamp of time of day {@code t} on Calcite's DATE value. */
  public static KdbTimestamp timestampOfDateAndTime(int days, KdbTimespan t) {
    try {
      return KdbTimestamp.of(Math.addExact(Math.multiplyExact(
          days - (long) Temporals.EPOCH_DAYS_2000, Temporals.NANOS_PER_DAY), t.nanos()));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange("date + time " + LocalDate.ofEpochDay(days) + " + " + t, e);
    }
  }

  /** {@code date + time} of Calcite's DATE and TIME values, as Calcite's TIMESTAMP value. */
  public static long millisOfDateAndTime(int days, int millisOfDay) {
    return Math.addExact(Math.multiplyExact((long) days, Temporals.MILLIS_PER_DAY),
        millisOfDay);
  }

  /** The time of day of Calcite's TIME value. */
  public static KdbTimespan timespanOfMillis(int millis) {
    return KdbTimespan.ofDay(Math.floorMod((long) millis, Temporals.MILLIS_PER_DAY)
        * NANOS_PER_MILLI);
  }

  // To Calcite's values (floored to the millisecond, or ceiled where a ceiling is computed).

  /** Calcite's TIMESTAMP value of {@code t}: floored to the millisecond. */
  public static long timestampMillis(KdbTimestamp t) {
    return t.calciteMillis();
  }

  /** Calcite's TIMESTAMP value {@code millis} truncated to a multiple of {@code unit} ms. */
  public static long millisTruncated(long millis, long unit) {
    return Math.floorDiv(millis, unit) * unit;
  }

  /** Calcite's TIME value {@code millis} truncated to a multiple of {@code unit} ms. */
  public static int timeMillisTruncated(int millis, int unit) {
    return Math.floorDiv(millis, unit) * unit;
  }

  /** The smallest Calcite TIMESTAMP value not below {@code t}. */
  public static long timestampCeilMillis(KdbTimestamp t) {
    return t.calciteMillis() + (Math.floorMod(t.nanos(), NANOS_PER_MILLI) == 0 ? 0 : 1);
  }

  /** Calcite's TIME value of {@code t}: floored to the millisecond. */
  public static int timespanMillis(KdbTimespan t) {
    return t.calciteMillis();
  }

  /** The smallest Calcite TIME value not below {@code t} (24:00 as 86,400,000). */
  public static int timespanCeilMillis(KdbTimespan t) {
    return t.calciteMillis() + (t.nanos() % NANOS_PER_MILLI == 0 ? 0 : 1);
  }

  // Arithmetic.

  /** {@code t} plus a day-time interval of {@code millis} (Calcite's INTERVAL value). */
  public static KdbTimestamp timestampPlusMillis(KdbTimestamp t, long millis) {
    return timestampPlusUnits(t, millis, NANOS_PER_MILLI);
  }

  /** {@code t} minus a day-time interval of {@code millis}. */
  public static KdbTimestamp timestampMinusMillis(KdbTimestamp t, long millis) {
    try {
      return KdbTimestamp.of(
          Math.subtractExact(t.nanos(), Math.multiplyExact(millis, NANOS_PER_MILLI)));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange(t + " minus " + millis + " ms", e);
    }
  }

  /**
   * {@code t} plus {@code months}, the day of the month clamped to the month's length, as
   * Calcite adds a year-month interval ({@code DateTimeUtils.addMonths}).
   */
  public static KdbTimestamp timestampPlusMonths(KdbTimestamp t, int months) {
    long day = Math.floorDiv(t.nanos(), Temporals.NANOS_PER_DAY);
    long nanoOfDay = Math.floorMod(t.nanos(), Temporals.NANOS_PER_DAY);
    int epochDay = DateTimeUtils.addMonths(Math.toIntExact(day + Temporals.EPOCH_DAYS_2000),
        months);
    try {
      return KdbTimestamp.of(Math.addExact(Math.multiplyExact(
          epochDay - (long) Temporals.EPOCH_DAYS_2000, Temporals.NANOS_PER_DAY), nanoOfDay));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange(t + " plus " + months + " months", e);
    }
  }

  /** {@code t} minus {@code months}. */
  public static KdbTimestamp timestampMinusMonths(KdbTimestamp t, int months) {
    return timestampPlusMonths(t, Math.negateExact(months));
  }

  /** A time of day plus a day-time interval, around the clock as Calcite's TIME arithmetic. */
  public static KdbTimespan timespanPlusMillis(KdbTimespan t, long millis) {
    long delta = Math.floorMod(millis, Temporals.MILLIS_PER_DAY) * NANOS_PER_MILLI;
    return KdbTimespan.ofDay(Math.floorMod(t.nanos() + delta, Temporals.NANOS_PER_DAY));
  }

  /** A time of day minus a day-time interval, around the clock. */
  public static KdbTimespan timespanMinusMillis(KdbTimespan t, long millis) {
    long delta = Math.floorMod(millis, Temporals.MILLIS_PER_DAY) * NANOS_PER_MILLI;
    return KdbTimespan.ofDay(Math.floorMod(t.nanos() - delta, Temporals.NANOS_PER_DAY));
  }

  /**
   * {@code TIMESTAMPADD} of {@code count} units of {@code unitNanos} nanoseconds (a unit of fixed
   * length, a nanosecond to a week) to {@code t}; an overflow fails rather than wraps.
   */
  public static KdbTimestamp timestampPlusUnits(KdbTimestamp t, long count, long unitNanos) {
    try {
      return KdbTimestamp.of(Math.addExact(t.nanos(), Math.multiplyExact(count, unitNanos)));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange(t + " plus " + count + " units of " + unitNanos + " ns", e);
    }
  }

  /**
   * {@code TIMESTAMPADD} of {@code count} units of {@code unitNanos} nanoseconds to a time of
   * day, around the clock as Calcite's TIME arithmetic (every such unit up to a day divides the
   * day, and a week is whole days).
   */
  public static KdbTimespan timespanPlusUnits(KdbTimespan t, long count, long unitNanos) {
    long delta = unitNanos >= Temporals.NANOS_PER_DAY ? 0
        : Math.floorMod(count, Temporals.NANOS_PER_DAY / unitNanos) * unitNanos;
    return KdbTimespan.ofDay(Math.floorMod(t.nanos() + delta, Temporals.NANOS_PER_DAY));
  }

  /** A time of day plus or minus a year-month interval: unchanged, as in Calcite. */
  public static KdbTimespan timespanPlusMonths(KdbTimespan t, int months) {
    return t;
  }

  /**
   * {@code a - b} as Calcite's day-time INTERVAL value: the exact difference truncated toward
   * zero to the millisecond, so that a count of whole units of it (TIMESTAMPDIFF) is exact.
   */
  public static long timestampDiffMillis(KdbTimestamp a, KdbTimestamp b) {
    return Math.subtractExact(a.nanos(), b.nanos()) / NANOS_PER_MILLI;
  }

  /** {@code a - b} of times of day as a day-time INTERVAL value, truncated toward zero. */
  public static long timespanDiffMillis(KdbTimespan a, KdbTimespan b) {
    return (a.nanos() - b.nanos()) / NANOS_PER_MILLI;
  }

  /**
   * {@code a - b} in whole months, as Calcite's year-month INTERVAL value
   * ({@code DateTimeUtils.subtractMonths}), comparing times of day to the nanosecond.
   */
  public static int timestampDiffMonths(KdbTimestamp a, KdbTimestamp b) {
    int d0 = Math.toIntExact(Math.floorDiv(a.nanos(), Temporals.NANOS_PER_DAY)
        + Temporals.EPOCH_DAYS_2000);
    int d1 = Math.toIntExact(Math.floorDiv(b.nanos(), Temporals.NANOS_PER_DAY)
        + Temporals.EPOCH_DAYS_2000);
    int months = DateTimeUtils.subtractMonths(d0, d1);
    if (DateTimeUtils.addMonths(d1, months) == d0
        && Math.floorMod(a.nanos(), Temporals.NANOS_PER_DAY)
            < Math.floorMod(b.nanos(), Temporals.NANOS_PER_DAY)) {
      months--;
    }
    return months;
  }

  // TIMESTAMPDIFF in milliseconds, microseconds and nanoseconds (exact).

  /** Whole units of {@code unitNanos} from {@code b} to {@code a}, truncated toward zero. */
  public static long timestampUnitsBetween(KdbTimestamp a, KdbTimestamp b, long unitNanos) {
    return Math.subtractExact(a.nanos(), b.nanos()) / unitNanos;
  }

  /** {@link #timestampUnitsBetween} as an INTEGER (Calcite's type for ms and microseconds). */
  public static int timestampUnitsBetweenInt(KdbTimestamp a, KdbTimestamp b, long unitNanos) {
    return narrow(timestampUnitsBetween(a, b, unitNanos), unitNanos);
  }

  /** Whole units from time of day {@code b} to {@code a}, truncated toward zero. */
  public static long timespanUnitsBetween(KdbTimespan a, KdbTimespan b, long unitNanos) {
    return (a.nanos() - b.nanos()) / unitNanos;
  }

  /** {@link #timespanUnitsBetween} as an INTEGER. */
  public static int timespanUnitsBetweenInt(KdbTimespan a, KdbTimespan b, long unitNanos) {
    return narrow(timespanUnitsBetween(a, b, unitNanos), unitNanos);
  }

  private static int narrow(long units, long unitNanos) {
    if (units != (int) units) {
      throw new ArithmeticException("TIMESTAMPDIFF(" + (unitNanos == 1_000L ? "MICROSECOND"
          : "MILLISECOND") + ") of " + units + " does not fit its INTEGER result: use"
          + " TIMESTAMPDIFF(NANOSECOND, ...) (BIGINT) and divide");
    }
    return (int) units;
  }

  // FLOOR and CEIL below the millisecond (to a millisecond or more, Calcite's own on the value
  // floored or ceiled to the millisecond are exact; below it they would keep only milliseconds).

  /** The time of day of {@code t}: {@code CAST(t AS TIME)} keeping its nanoseconds. */
  public static KdbTimespan timestampTimeOfDay(KdbTimestamp t) {
    return KdbTimespan.ofDay(Math.floorMod(t.nanos(), Temporals.NANOS_PER_DAY));
  }

  /** {@code FLOOR(t TO unit)} for a unit of {@code unitNanos} nanoseconds (below a day). */
  public static KdbTimestamp timestampFloor(KdbTimestamp t, long unitNanos) {
    try {
      return KdbTimestamp.of(Math.multiplyExact(Math.floorDiv(t.nanos(), unitNanos), unitNanos));
    } catch (ArithmeticException e) {
      throw KdbTimestamp.outOfRange("FLOOR of " + t + " to " + unitNanos + " ns", e);
    }
  }

  /** {@code CEIL(t TO unit)} for a unit of {@code unitNanos} nanoseconds. */
  public static KdbTimestamp timestampCeil(KdbTimestamp t, long unitNanos) {
    KdbTimestamp floor = timestampFloor(t, unitNanos);
    return floor.nanos() == t.nanos() ? t : timestampPlusUnits(floor, 1, unitNanos);
  }

  /** {@code FLOOR(t TO unit)} of a time of day. */
  public static KdbTimespan timespanFloor(KdbTimespan t, long unitNanos) {
    return KdbTimespan.ofDay(t.nanos() / unitNanos * unitNanos);
  }

  /** {@code CEIL(t TO unit)} of a time of day, around the clock as {@link #timespanCeilMillis}. */
  public static KdbTimespan timespanCeil(KdbTimespan t, long unitNanos) {
    long floor = t.nanos() / unitNanos * unitNanos;
    return floor == t.nanos() ? t
        : KdbTimespan.ofDay(Math.floorMod(floor + unitNanos, Temporals.NANOS_PER_DAY));
  }

  // EXTRACT below the millisecond (Calcite's units count within the minute, seconds included).

  /** {@code EXTRACT(MICROSECOND FROM t)}: microseconds within the minute. */
  public static long timestampMicros(KdbTimestamp t) {
    return Math.floorMod(t.nanos(), NANOS_PER_MINUTE) / 1_000L;
  }

  /** {@code EXTRACT(NANOSECOND FROM t)}: nanoseconds within the minute. */
  public static long timestampNanos(KdbTimestamp t) {
    return Math.floorMod(t.nanos(), NANOS_PER_MINUTE);
  }

  /** {@code EXTRACT(MICROSECOND FROM t)} of a time of day. */
  public static long timespanMicros(KdbTimespan t) {
    return t.nanos() % NANOS_PER_MINUTE / 1_000L;
  }

  /** {@code EXTRACT(NANOSECOND FROM t)} of a time of day. */
  public static long timespanNanos(KdbTimespan t) {
    return t.nanos() % NANOS_PER_MINUTE;
  }
}
