package dev.kdbsql.calcite.exec;

import java.lang.reflect.Method;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.linq4j.function.Function2;
import org.apache.calcite.linq4j.tree.Types;

/**
 * Executes an as-of join planned by the as-of join operator: indexes the right input
 * ({@link AsofIndex}) when the first row is asked for, then streams the left input, looking up
 * each row's match. Only the right input is held in memory; rows come out in the left input's
 * order.
 */
public final class AsofJoinRuntime {
  /** {@link #join}, which generated code calls. */
  public static final Method JOIN = Types.lookupMethod(AsofJoinRuntime.class, "join",
      Enumerable.class, Enumerable.class, Function1.class, Function1.class, Function1.class, Function1.class,
      Function2.class, AsofMatch.class, boolean.class);

  private AsofJoinRuntime() {
  }

  /**
   * Joins each row of {@code left} to the row of {@code right} with an equal key whose match
   * value is the closest one satisfying {@code match}. Called via code generation
   * (the operator's {@code implement}).
   *
   * @param left left input, streamed
   * @param right right input, indexed
   * @param leftKey the left row's equality key, null if any key column is null
   * @param rightKey the right row's equality key, null if any key column is null
   * @param leftValue the left row's match column
   * @param rightValue the right row's match column
   * @param selector the output row of a left row and its match (null for none)
   * @param match how values match
   * @param emitUnmatched whether a left row without a match is emitted with a null right row
   *     ({@code LEFT ASOF JOIN}) or dropped
   */
  public static <L, R, O> Enumerable<O> join(Enumerable<L> left, Enumerable<R> right,
      Function1<L, Object> leftKey, Function1<R, Object> rightKey,
      Function1<L, Object> leftValue, Function1<R, Object> rightValue,
      Function2<L, R, O> selector, AsofMatch match, boolean emitUnmatched) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<O> enumerator() {
        return new Enumerator<>() {
          private final Enumerator<L> lefts = left.enumerator();
          private AsofIndex index;
          private O current;

          @Override
          public O current() {
            return current;
          }

          @Override
          @SuppressWarnings("unchecked")
          public boolean moveNext() {
            if (index == null) {
              index = AsofIndex.build(right, rightKey, rightValue, match);
            }
            while (lefts.moveNext()) {
              L l = lefts.current();
              Object key = leftKey.apply(l);
              R r = key == null ? null : (R) index.find(key, leftValue.apply(l));
              if (r != null || emitUnmatched) {
                current = selector.apply(l, r);
                return true;
              }
            }
            current = null;
            return false;
          }

          @Override
          public void reset() {
            lefts.reset();
            current = null;
          }

          @Override
          public void close() {
            lefts.close();
            index = null;
          }
        };
      }
    };
  }
}
