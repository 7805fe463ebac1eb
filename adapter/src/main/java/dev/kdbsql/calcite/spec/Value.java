package dev.kdbsql.calcite.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * A literal of a pushed-down predicate, already in the raw unit of the kdb+ column it is compared
 * with (epoch-2000 nanoseconds for a timestamp, epoch-2000 days for a date, the symbol's text), so
 * the executor compares it with mapped values without converting anything per row. {@code text}
 * is how the plan shows it.
 * Each record writes out {@code equals} and {@code hashCode} (plan digests hash the scan's
 * values): the generated ones bootstrap method handles when first run (docs/design.md).
 */
public sealed interface Value extends Serializable {
  /** How {@code EXPLAIN} shows the literal. */
  String text();

  /** A value compared as a {@code long}: shorts, ints, longs, dates and timestamps. */
  record Int64(long value, String text) implements Value {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Int64 that && value == that.value
          && Objects.equals(text, that.text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value, text);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A value compared as a {@code double}: reals and floats. */
  record Float64(double value, String text) implements Value {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Float64 that && Double.compare(value, that.value) == 0
          && Objects.equals(text, that.text);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value, text);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * A dynamic parameter ({@code ?}), bound to a value of one of the other kinds when the query
   * runs by the engine.
   */
  record Param(int index) implements Value {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Param that && index == that.index;
    }

    @Override
    public int hashCode() {
      return Objects.hash(index);
    }

    @Override
    public String text() {
      return "?" + index;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** A symbol, compared by its text. */
  record Sym(String value) implements Value {
    @Override
    public boolean equals(Object o) {
      return o == this || o instanceof Sym that && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value);
    }

    @Override
    public String text() {
      return "'" + value + "'";
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
