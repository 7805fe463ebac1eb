package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFamily;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.rel.type.RelDataTypePrecedenceList;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL type of a kdb+ timestamp (a TIMESTAMP(9)) or of a timespan typed as a time of day (a
 * TIME(9)) whose values are exact objects, {@link KdbTimestamp} and {@link KdbTimespan}, instead
 * of Calcite's millisecond {@code long} and {@code int}.
 *
 * <p>To the validator and the planner it is a TIMESTAMP or TIME of precision 9 (name, family,
 * precision): literals, comparisons, EXTRACT, casts, JDBC metadata work as for Calcite's own
 * types. Its digest ({@code KDB_TIMESTAMP(9)}, {@code KDB_TIMESPAN(9)}) tells it apart from
 * them. It is not one of Calcite's Java types, so that functions may return it (Calcite turns a
 * Java-typed function result into its own SQL type); {@link KdbTypeFactory} gives it its Java
 * class and keeps it through nullability changes.
 *
 * <p>To the code generator, which converts TIMESTAMP and TIME values to milliseconds by their
 * type name, it is an opaque object ({@code ANY}, see {@link #opaque}): generated code then
 * carries the objects as they are and compares, sorts, hashes, aggregates (MIN/MAX) and windows
 * them through {@link Comparable} and {@code equals}, which are exact; {@link ExactTemporals}
 * rewrites the few operators that need a Calcite value or give one.
 */
public final class KdbTemporalType extends RelDataTypeImpl {
  /** Nanoseconds: the fractional digits of both types. */
  public static final int PRECISION = 9;
  private static final ThreadLocal<Boolean> OPAQUE = ThreadLocal.withInitial(() -> false);

  private final boolean timestamp;
  private final boolean nullable;

  KdbTemporalType(boolean timestamp, boolean nullable) {
    this.timestamp = timestamp;
    this.nullable = nullable;
    computeDigest();
  }

  /**
   * Runs {@code work} (the generation of a plan's code) with these types reported as
   * {@code ANY} on this thread, so that the code generator handles their values as objects.
   */
  public static <T> T opaque(Supplier<T> work) {
    boolean before = OPAQUE.get();
    OPAQUE.set(true);
    try {
      return work.get();
    } finally {
      OPAQUE.set(before);
    }
  }

  /** Whether the values are {@link KdbTimestamp}s (else {@link KdbTimespan}s). */
  public boolean isTimestamp() {
    return timestamp;
  }

  /** The Java class of the values. */
  public Class<?> javaClass() {
    return timestamp ? KdbTimestamp.class : KdbTimespan.class;
  }

  @Override
  public boolean isNullable() {
    return nullable;
  }

  @Override
  public SqlTypeName getSqlTypeName() {
    if (OPAQUE.get()) {
      return SqlTypeName.ANY;
    }
    return timestamp ? SqlTypeName.TIMESTAMP : SqlTypeName.TIME;
  }

  @Override
  public RelDataTypeFamily getFamily() {
    return timestamp ? SqlTypeFamily.TIMESTAMP : SqlTypeFamily.TIME;
  }

  @Override
  public int getPrecision() {
    return PRECISION;
  }

  /**
   * Types of the same family (TIMESTAMP or TIME), this one first: a function overloaded for
   * this type and for Calcite's own (the adapter's {@code first}, {@code last}) resolves to the
   * overload of this type.
   */
  @Override
  public RelDataTypePrecedenceList getPrecedenceList() {
    return new RelDataTypePrecedenceList() {
      @Override
      public boolean containsType(RelDataType type) {
        return getFamily() == type.getFamily();
      }

      @Override
      public int compareTypePrecedence(RelDataType type1, RelDataType type2) {
        return Boolean.compare(same(type1), same(type2));
      }

      private boolean same(RelDataType t) {
        return t instanceof KdbTemporalType k && k.timestamp == timestamp;
      }
    };
  }

  @Override
  protected void generateTypeString(StringBuilder sb, boolean withDetail) {
    sb.append(timestamp ? "KDB_TIMESTAMP(" : "KDB_TIMESPAN(").append(PRECISION).append(')');
  }
}
