package dev.kdbsql.calcite.exec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the window operator computes, from the planner ({@code calcite.window.KdbWindow}) to
 * {@link WindowRuntime}: the input's width and the window groups in order. Each group has its
 * partition keys, its order, its frame and its calls; the output row is the input row followed
 * by every group's calls in order. Immutable; one per prepared statement, shared by its runs.
 *
 * @param inputWidth the number of input fields
 * @param groups the groups, computed in order
 */
public record WindowProgram(int inputWidth, List<Group> groups) {
  /** Copies the list. */
  public WindowProgram {
    groups = List.copyOf(groups);
  }

  /** The functions the operator computes. */
  public enum Function {
    ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST,
    LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE,
    /** {@code COUNT(*)} or {@code COUNT(x)}: rows of the frame, or its non-null values. */
    COUNT,
    /** {@code SUM}: NULL over a frame without values. */
    SUM,
    /** {@code $SUM0}: 0 over a frame without values. */
    SUM0,
    MIN, MAX
  }

  /**
   * How a numeric result is handed to Calcite: as the boxed Java class of its SQL type.
   * {@code OBJECT} hands over an input value unchanged (MIN, MAX, LAG, values of a frame).
   */
  public enum Result {
    LONG, INT, SHORT, BYTE, DOUBLE, FLOAT, OBJECT
  }

  /** One key of a group's order: an input field, its direction and where its nulls go. */
  public record OrderKey(int field, boolean descending, boolean nullsFirst) {
    @Override
    public String toString() {
      return "$" + field + (descending ? " DESC" : "") + (nullsFirst ? " NULLS FIRST" : "");
    }
  }

  /**
   * One end of a frame: unbounded, the current row, or {@code offset} rows (ROWS) or units of
   * the order key (RANGE) before ({@code preceding}) or after the current row. A RANGE offset
   * is in the unit of the order key's encoded value: an integer ({@code offset}), a double
   * ({@code doubleOffset}), or nanoseconds for a kdb+ timestamp.
   */
  public record Bound(Kind kind, long offset, double doubleOffset) {
    /** The kinds of bound. */
    public enum Kind {
      UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING
    }

    /** A bound of {@code kind} without an offset. */
    public static Bound of(Kind kind) {
      return new Bound(kind, 0, 0);
    }

    @Override
    public String toString() {
      return switch (kind) {
        case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
        case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
        case CURRENT_ROW -> "CURRENT ROW";
        case PRECEDING, FOLLOWING -> (doubleOffset != 0 ? String.valueOf(doubleOffset)
            : String.valueOf(offset)) + " " + kind;
      };
    }
  }

  /**
   * One call: its function, its argument fields (input fields; a constant argument is given as
   * a value instead: LAG's and LEAD's offset and default, NTH_VALUE's n) and the
   * class of its result.
   *
   * @param function the function
   * @param args the input fields of its arguments (none for COUNT(*) and the ranks)
   * @param constant the constant argument (the LAG/LEAD offset, NTH_VALUE's n),
   *     or 0
   * @param defaultField the input field of LAG's or LEAD's default, or -1
   * @param defaultValue LAG's or LEAD's constant default (null if none or a field)
   * @param result how its value is handed over
   */
  public record Call(Function function, List<Integer> args, long constant, int defaultField,
      Object defaultValue, Result result) {
    /** Copies the list. */
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return function + "(" + args.stream().map(a -> "$" + a).collect(Collectors.joining(", "))
          + (function == Function.LAG || function == Function.LEAD
          || function == Function.NTH_VALUE ? ", " + constant : "") + ")";
    }
  }

  /**
   * One window group: rows are partitioned by {@code partition}, ordered by {@code order} within
   * a partition (ties in input order), and each call is computed over each row's frame from
   * {@code lower} to {@code upper}, counted in rows ({@code rows}) or in order-key values.
   */
  public record Group(List<Integer> partition, List<OrderKey> order, boolean rows, Bound lower,
      Bound upper, List<Call> calls) {
    /** Copies the lists. */
    public Group {
      partition = List.copyOf(partition);
      order = List.copyOf(order);
      calls = List.copyOf(calls);
    }

    @Override
    public String toString() {
      return "partition " + partition.stream().map(p -> "$" + p)
          .collect(Collectors.joining(", ", "[", "]")) + " order " + order + " "
          + (rows ? "ROWS" : "RANGE") + " " + lower + " TO " + upper + " " + calls;
    }
  }
}
