package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kdbsql.sample.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The databases the SQL tests run on: real q-written fixtures from {@code ../shared/kdb-fixtures}
 * (skipped, with the reason, when absent) and a small sample database generated once per run.
 */
final class TestDatabases {
  private static Path sample;

  private TestDatabases() {}

  /** The fixtures folder, or a skipped test. */
  static Path fixtures() {
    Path root = Path.of(System.getProperty("kdb.fixtures", "../../shared/kdb-fixtures"));
    assumeTrue(Files.isDirectory(root), "kdb+ fixtures not found at " + root
        + " (put shared/ beside the checkout or set -Dkdb.fixtures)");
    return root.toAbsolutePath().normalize();
  }

  /** A fixture database by its path inside the fixtures folder. */
  static Path fixture(String relative) {
    Path p = fixtures().resolve(relative);
    assumeTrue(Files.exists(p), "fixture missing: " + p);
    return p;
  }

  /** The generated sample: 20,000 trades and 80,000 quotes over 5 days, seed 42. */
  static synchronized Path sample() {
    if (sample == null) {
      Path dir = Path.of("target", "sample-db-test").toAbsolutePath();
      if (!Files.exists(dir.resolve("sym"))) {
        SampleDatabase.of(20_000, 5, 42).writeTo(dir);
      }
      sample = dir;
    }
    return sample;
  }

  /** The database behind a Quidem connection name. */
  static Path byName(String name) {
    return switch (name) {
      case "sample" -> sample();
      case "egor" -> fixture("egor7__q/db");
      case "alltypes" -> fixture("dolphindb__DolphinDBPlugin/kdb/test/data/kdb_sample/allDataTypes");
      case "torq" -> fixture("DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb");
      case "jbetz" -> fixture("jbetz34__advancedKDB/hdb");
      case "trading" -> fixture("ssshahani__KDB-Trading-Analytics/db");
      case "fsp" -> fixture("DataIntellectTech__TorQ-Finance-Starter-Pack/hdb");
      default -> throw new IllegalArgumentException("unknown test database " + name);
    };
  }
}
