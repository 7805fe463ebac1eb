package dev.kdbsql.calcite;

import dev.kdbsql.calcite.spec.ScanSpec;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTrait;
import org.apache.calcite.rel.RelNode;

/**
 * Relational expression in the kdb+ calling convention: work done by the scan over memory-mapped
 * columns rather than row by row in Enumerable code. {@link KdbToEnumerableConverter} is the only
 * way out of the convention.
 */
public interface KdbRel extends RelNode {
  /**
   * The kdb+ calling convention. It also satisfies {@link Convention#NONE}: Volcano lists a set's
   * rels under a logical parent's input subset only if their traits satisfy that subset's, and
   * every kdb+ rule matches a logical parent (filter, project, aggregate, sort) directly over a
   * {@link KdbTableScan}; without this, a scan made by one rule (a filter pushed down) would never
   * be seen by the next (the project or the {@code COUNT(*)} above that filter). A kdb+ scan is a
   * complete implementation of its logical meaning, so standing in for it is sound.
   */
  Convention CONVENTION = new Convention.Impl("KDB", KdbRel.class) {
    @Override
    public boolean satisfies(RelTrait trait) {
      return trait == this || trait == Convention.NONE;
    }
  };

  /** Contributes this relational expression to what the scan will do. */
  void implement(Implementor implementor);

  /**
   * Collects, from the kdb+ relational expressions under a converter, the table to call and the
   * {@link ScanSpec} to call it with.
   */
  final class Implementor {
    KdbCalciteTable table;
    ScanSpec spec;

    /** Implements {@code input}, a kdb+ relational expression. */
    void visitChild(RelNode input) {
      ((KdbRel) input).implement(this);
    }
  }
}
