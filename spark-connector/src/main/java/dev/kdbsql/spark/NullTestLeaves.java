package dev.kdbsql.spark;

/** Leaves on strings (char lists): IS [NOT] NULL only; comparisons and IN stay with Spark. */
final class NullTestLeaves extends ColumnLeaves {
  NullTestLeaves(int field, String name) {
    super(field, name);
  }

  @Override
  Condition compare(Op op, Object value, boolean negated) {
    return null;
  }

  @Override
  Condition in(Object[] values, boolean negated) {
    return null;
  }
}
