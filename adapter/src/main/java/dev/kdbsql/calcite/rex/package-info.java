/**
 * Rewrites of a logical plan's expressions made before planning
 * ({@link dev.kdbsql.calcite.rex.PlanRexShuttle}): the comparisons of timestamps with constants
 * beyond kdb+'s range, the window functions Calcite cannot run as the standard says.
 */
package dev.kdbsql.calcite.rex;
