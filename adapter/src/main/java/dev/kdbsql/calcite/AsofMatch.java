package dev.kdbsql.calcite;

import java.util.Locale;

/**
 * The match condition of an as-of join, normalized to the right input's side: the matching right
 * row is the one whose match value is the greatest value {@code <=} (or {@code <} when
 * {@code strict}) the left row's ({@code rightBelow}), or the least value {@code >=} (or
 * {@code >}) it (not {@code rightBelow}). {@code encoding} says how values are compared.
 *
 * <p>Public because generated code receives it as a stashed constant ({@link KdbAsofJoin}).
 *
 * @param encoding how the match column's values are compared
 * @param rightBelow whether the right value must be below the left value (else above it)
 * @param strict whether equal values do not match ({@code <}, {@code >})
 */
public record AsofMatch(Encoding encoding, boolean rightBelow, boolean strict) {
  /**
   * How match values become keys of the index. Every encoding orders values as Calcite's
   * Enumerable comparator does, so the row chosen on ties is the same.
   */
  public enum Encoding {
    /**
     * Integers, dates, times and timestamps (Enumerable holds them as {@code Integer} or
     * {@code Long}), compared as {@code long}.
     */
    LONG,
    /**
     * Reals and doubles, compared as {@code long}s ordered like {@link Double#compare}; NaN
     * never matches, and zero matches both signs (as Java's {@code <=} does).
     */
    DOUBLE,
    /** Strings and decimals, compared with {@link Comparable#compareTo}. */
    COMPARABLE
  }

  /** How {@code EXPLAIN} shows the condition: the right value's relation to the left value. */
  String describe() {
    return "right " + (rightBelow ? (strict ? "<" : "<=") : (strict ? ">" : ">=")) + " left, "
        + encoding.name().toLowerCase(Locale.ROOT);
  }
}
