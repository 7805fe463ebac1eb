/**
 * kdb+ timestamps and timespans exact to the nanosecond through Calcite 1.42, whose own TIMESTAMP
 * and TIME hold milliseconds.
 *
 * <p>The design, in four parts:
 * <ol>
 *   <li>Values: {@link dev.kdbsql.calcite.exec.KdbTimestamp} and
 *       {@link dev.kdbsql.calcite.exec.KdbTimespan}, the stored nanoseconds in small
 *       immutable objects whose {@code compareTo}, {@code equals} and {@code hashCode} are exact
 *       and zone-free.
 *   <li>Type: {@link dev.kdbsql.calcite.temporal.KdbTemporalType}, a TIMESTAMP(9) or TIME(9) to
 *       the validator and planner, whose values are those objects; made by
 *       {@link dev.kdbsql.calcite.temporal.KdbTypeFactory}, the connection's type factory, which
 *       also makes it win over Calcite's own TIMESTAMP and TIME where types meet (CASE, UNION,
 *       IN), and {@link dev.kdbsql.calcite.temporal.KdbTypeCoercion}, which keeps comparisons
 *       with Calcite's temporals uncast.
 *   <li>Code generation: the type is opaque ({@code ANY}) while a plan's code is generated, so
 *       Calcite's sorts, hash joins and aggregates, MIN/MAX, comparisons, CASE and window
 *       functions handle the objects through their exact {@code compareTo}/{@code equals}.
 *   <li>Rewrite: {@link dev.kdbsql.calcite.temporal.ExactTemporals}, the last planning step,
 *       turns what would meet Calcite's millisecond values into calls of
 *       {@link dev.kdbsql.calcite.temporal.TemporalFunctions}: literals, casts, interval
 *       arithmetic, EXTRACT, FLOOR/CEIL, parameters, other functions.
 * </ol>
 * The JDBC driver installs the factory, the coercion, the opaque code generation and the rewrite
 * (its {@code KdbPrepare}), and turns the objects into JDBC values at the result set.
 */
package dev.kdbsql.calcite.temporal;

