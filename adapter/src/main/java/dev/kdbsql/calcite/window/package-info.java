/**
 * The window operator's planning: {@link dev.kdbsql.calcite.window.KdbWindowRule} and
 * {@link dev.kdbsql.calcite.window.KdbWindow}, whose runtime is
 * {@link dev.kdbsql.calcite.exec.WindowRuntime}.
 */
package dev.kdbsql.calcite.window;
