/**
 * The as-of join's planning: {@link dev.kdbsql.calcite.asof.KdbAsofJoinRule} replaces Calcite's
 * quadratic as-of join with {@link dev.kdbsql.calcite.asof.KdbAsofJoin}, which indexes the right
 * input and binary-searches it per left row at run time (the engine's {@code AsofIndex}).
 */
package dev.kdbsql.calcite.asof;
