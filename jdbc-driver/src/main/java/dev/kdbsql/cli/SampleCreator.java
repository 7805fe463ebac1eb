package dev.kdbsql.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/** Generates the sample database for the command line (wired to the generator when it lands). */
final class SampleCreator {
  private SampleCreator() {}

  static void create(Path dir, long tradeRows, PrintStream err) {
    throw new IllegalStateException("no sample database at " + dir
        + " and the generator is not built yet; pass a database path");
  }
}
