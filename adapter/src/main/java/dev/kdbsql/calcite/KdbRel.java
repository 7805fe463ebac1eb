package dev.kdbsql.calcite;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * Relational expression in the kdb+ calling convention: work done by the scan over memory-mapped
 * columns rather than row by row in Enumerable code. {@link KdbToEnumerableConverter} is the only
 * way out of the convention.
 */
public interface KdbRel extends RelNode {
  /** The kdb+ calling convention. */
  Convention CONVENTION = new Convention.Impl("KDB", KdbRel.class);

  /** Contributes this relational expression to what the scan will do. */
  void implement(Implementor implementor);

  /**
   * Collects, from the kdb+ relational expressions under a converter, the table to call and the
   * {@link KdbScanSpec} to call it with.
   */
  final class Implementor {
    KdbCalciteTable table;
    KdbScanSpec spec;

    /** Implements {@code input}, a kdb+ relational expression. */
    void visitChild(RelNode input) {
      ((KdbRel) input).implement(this);
    }
  }
}
