package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other test class (the suite orders classes by {@link Order}, see
 * {@code junit-platform.properties}) and fails if any fixture file was written, added or removed
 * since {@link FixtureGuard} digested the tree at session start.
 */
@Order(Integer.MAX_VALUE)
class FixturesUnchangedTest {
  @Test
  void fixtureTreeIsByteForByteUnchanged() {
    assumeTrue(FixtureGuard.root() != null, "no fixtures, nothing to guard");
    assertEquals(FixtureGuard.before(), FixtureTreeDigest.of(FixtureGuard.root()),
        "the fixture tree " + FixtureGuard.root() + " changed during the test run");
  }
}
