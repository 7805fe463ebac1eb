package dev.kdbsql.cli;

import dev.kdbsql.sample.SampleDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Generates the sample database the command line opens when given no database. */
final class SampleCreator {
  /** Fixed, so that every newcomer sees the same data as the README. */
  static final long SEED = 42;
  static final int DAYS = 5;

  private SampleCreator() {}

  static void create(Path dir, long tradeRows, PrintStream err) {
    err.printf(Locale.ROOT, "kdbsql: creating a sample database in %s (%,d trades over %d days)...%n",
        dir, tradeRows, DAYS);
    SampleDatabase.Summary s = SampleDatabase.of(tradeRows, DAYS, SEED).writeTo(dir);
    err.printf(Locale.ROOT, "kdbsql: wrote %,d trades and %,d quotes in %.1f s%n", s.tradeRows(),
        s.quoteRows(), s.nanos() / 1e9);
  }
}
