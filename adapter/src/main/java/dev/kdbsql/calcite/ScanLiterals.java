package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.Value;
import dev.kdbsql.calcite.temporal.KdbTemporalType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Temporals;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimestampString;

/**
 * SQL literals as the scan compares them: in the raw unit of a kdb+ column ({@link #of}:
 * epoch-2000 days and nanoseconds, enumerated names, char codes), the constants of timestamp
 * comparisons with their nine digits kept, and whether a decimal is exactly a double. Shared by
 * the predicate translator, the partition pruner and the time-of-day ranges.
 */
final class ScanLiterals {
  private ScanLiterals() {
  }

  /**
   * The value of a TIMESTAMP literal, or of a DATE literal or a TIMESTAMP literal of no more
   * digits cast to TIMESTAMP (once or twice, as the validator casts a date compared with a
   * timestamp: {@code ts >= DATE '2024-01-02'}), where the casts keep the value; else null.
   */
  static TimestampString timestampConstant(RexNode node) {
    int digits = KdbTemporalType.PRECISION;
    RexNode x = node;
    for (; x.getKind() == SqlKind.CAST; x = ((RexCall) x).getOperands().get(0)) {
      if (x.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
        return null;
      }
      digits = Math.min(digits, x.getType().getPrecision());
    }
    if (!(x instanceof RexLiteral lit) || lit.isNull()
        || x == node && lit.getTypeName() != SqlTypeName.TIMESTAMP) {
      return null;
    }
    return switch (lit.getTypeName()) {
      case DATE -> TimestampString.fromMillisSinceEpoch(
          lit.getValueAs(DateString.class).getMillisSinceEpoch());
      case TIMESTAMP -> digits >= lit.getType().getPrecision()
          ? lit.getValueAs(TimestampString.class) : null;
      default -> null;
    };
  }

  /** Whether {@code literal} is exactly a double (a DECIMAL literal may be none). */
  static boolean exactDouble(Comparable<?> literal) {
    if (literal instanceof BigDecimal d) {
      double x = d.doubleValue();
      return Double.isFinite(x) && new BigDecimal(x).compareTo(d) == 0;
    }
    return literal instanceof Double;
  }

  /** {@code literal} in the raw unit of a column of element type {@code type}, or null. */
  static Value of(KdbType type, Comparable<?> literal) {
    if (literal == null || type == null) {
      return null;
    }
    switch (type) {
      // A timespan gets here only as BIGINT nanoseconds (timespan=nanos).
      case BYTE, SHORT, INT, LONG, TIMESPAN -> {
        if (literal instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0
            && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
            && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) > 0) {
          return new Value.Int64(d.longValueExact(), d.toPlainString());
        }
        return null;
      }
      case REAL, FLOAT -> {
        if (literal instanceof BigDecimal d && Double.isFinite(d.doubleValue())) {
          return new Value.Float64(d.doubleValue(), d.toPlainString());
        }
        return literal instanceof Double d && Double.isFinite(d)
            ? new Value.Float64(d, d.toString()) : null;
      }
      case DATE -> {
        return literal instanceof DateString d
            ? new Value.Int64(d.getDaysSinceEpoch() - Temporals.EPOCH_DAYS_2000, d.toString())
            : null;
      }
      case TIMESTAMP -> {
        return literal instanceof TimestampString t ? timestamp(t) : null;
      }
      case SYMBOL -> {
        if (literal instanceof NlsString s && !s.getValue().endsWith(" ")) {
          return new Value.Sym(s.getValue());
        }
        return null;
      }
      case CHAR -> {
        // One non-blank Latin-1 character: the blank is the null char, longer ones never match.
        if (literal instanceof NlsString s && s.getValue().length() == 1
            && s.getValue().charAt(0) != ' ' && s.getValue().charAt(0) <= 0xff) {
          return new Value.Int64(s.getValue().charAt(0), "'" + s.getValue() + "'");
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /** The wall clock of a timestamp literal, all nine digits kept. */
  static LocalDateTime wallClock(TimestampString t) {
    return LocalDateTime.parse(t.toString().replace(' ', 'T'));
  }

  /** A timestamp literal as epoch-2000 nanoseconds, all nine digits kept; null out of range. */
  private static Value timestamp(TimestampString t) {
    try {
      return new Value.Int64(Temporals.timestampValue(wallClock(t)), "TIMESTAMP '" + t + "'");
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
