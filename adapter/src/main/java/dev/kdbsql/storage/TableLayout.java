package dev.kdbsql.storage;

/** How a table is stored. */
public enum TableLayout {
  /** One file holding the whole table ({@code `:t set ...} without a trailing slash). */
  FLAT,
  /** A directory with a {@code .d} file and one file per column. */
  SPLAYED,
  /** One splayed table per partition directory, with a virtual partition column. */
  PARTITIONED
}
