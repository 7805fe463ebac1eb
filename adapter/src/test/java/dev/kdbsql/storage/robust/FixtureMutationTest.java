package dev.kdbsql.storage.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.Fixtures;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates copies of small real databases (truncation, byte flips, swapped columns, deleted
 * companions, ragged columns) and reads the whole database after each mutation. The read must
 * either give the original values or fail with a {@link StorageException} naming the mutated
 * file, its table directory, or (for a mutated domain) a file enumerated over it. A read that
 * silently gives other values is counted, not failed: kdb+ files carry no checksums, so a flipped
 * data byte or two swapped same-typed columns are undetectable by any reader, q included.
 */
class FixtureMutationTest {
  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

  @TempDir
  Path tmp;

  static Stream<String> fixtures() {
    return Stream.of("egor7__q/db", "mkeenan-kdb__memoriesPOC/db",
        "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb",
        "jbetz34__advancedKDB/hdb",
        "DataIntellectTech__TorQ-Finance-Starter-Pack/dqe/dqcdb/database");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyMutationReadsOriginalOrFailsNamingTheFile(String fixture) throws IOException {
    Path db = copy(Fixtures.path(fixture), tmp.resolve("db"));
    Map<String, List<Object>> original = Snapshot.of(db);
    List<Path> files = files(db);
    Random random = new Random(fixture.hashCode());
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      for (int cut : cuts(bytes.length)) {
        write(f, java.util.Arrays.copyOf(bytes, cut));
        check("truncate", db, f, original);
      }
      for (int i = 0; i < 6 && bytes.length > 0; i++) {
        byte[] flipped = bytes.clone();
        int at = i < 3 ? Math.min(i * 3 + 2, bytes.length - 1) : random.nextInt(bytes.length);
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        write(f, flipped);
        check("flip", db, f, original);
      }
      Files.delete(f);
      check("delete", db, f, original);
      write(f, concat(bytes, new byte[8]));
      check("ragged", db, f, original);
      write(f, bytes);
    }
    for (int i = 0; i + 1 < files.size(); i++) {
      Path a = files.get(i);
      Path b = files.get(i + 1);
      if (a.getParent().equals(b.getParent()) && !a.getFileName().toString().startsWith(".")
          && !b.getFileName().toString().startsWith(".")) {
        swap(a, b);
        check("swap", db, a, b, original);
        swap(a, b);
      }
    }
    assertEquals(original, Snapshot.of(db), "restored copy reads as the original");
  }

  /**
   * Header and directory mutations, which change what a count from headers sees: every attribute
   * byte set to each other code, every header count moved by one or zeroed, every directory
   * replaced by a symbolic link loop, and (where permissions deny this process) made unreadable.
   * Besides the rule above, each table's count from headers must agree with a full read of it:
   * the same count, or the same error.
   */
  @ParameterizedTest
  @MethodSource("fixtures")
  void headerAndDirectoryMutationsCountAsTheyRead(String fixture) throws IOException {
    Path db = copy(Fixtures.path(fixture), tmp.resolve("db"));
    Map<String, List<Object>> original = Snapshot.of(db);
    List<String> tables;
    try (Database d = Database.open(db)) {
      tables = List.copyOf(d.tables().keySet());
    }
    HeaderMutations.each(db, (kind, mutated) -> checkAgreeing(kind, db, mutated, original, tables),
        skip -> count("unreadable", "skipped: " + skip));
    assertEquals(original, Snapshot.of(db), "restored copy reads as the original");
  }

  /** {@link #check} and, for every table, the count from headers agreeing with a full read. */
  private static void checkAgreeing(String kind, Path db, Path mutated,
      Map<String, List<Object>> original, List<String> tables) {
    check(kind, db, mutated, original);
    for (String t : tables) {
      CountAgreementTest.Outcome count = CountAgreementTest.count(db, t);
      CountAgreementTest.Outcome read = CountAgreementTest.fullRead(db, t);
      assertEquals(count, read, kind + " of " + mutated + ": count and full read of " + t
          + " disagree");
      count(kind + " agreement", count.error() == null ? "same count" : "same error");
    }
  }

  private static void count(String kind, String outcome) {
    synchronized (OUTCOMES) {
      OUTCOMES.merge(kind + "/" + outcome, 1, Integer::sum);
    }
  }

  @AfterAll
  static void report() {
    System.out.println("fixture mutations (kind/outcome=count): " + OUTCOMES);
  }

  private static void check(String kind, Path db, Path mutated, Map<String, List<Object>> original) {
    check(kind, db, mutated, mutated, original);
  }

  private static void check(String kind, Path db, Path a, Path b,
      Map<String, List<Object>> original) {
    String outcome;
    try {
      outcome = Snapshot.of(db).equals(original) ? "same" : "different";
    } catch (StorageException e) {
      String m = String.valueOf(e.getMessage());
      boolean domain = a.getFileName().toString().equals("sym") && a.getParent().equals(db);
      assertTrue(m.contains(a.toString()) || m.contains(b.toString())
          || m.contains(a.getParent().toString()) || (domain && m.contains(db.toString())),
          kind + " of " + a + " failed naming another file: " + m);
      outcome = "refused";
    }
    count(kind, outcome);
  }

  private static int[] cuts(int length) {
    return Stream.of(0, 1, 7, 8, 15, 16, 17, 4080, 4096, length / 2, length - 1)
        .filter(c -> c >= 0 && c < length).distinct().mapToInt(Integer::intValue).toArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void swap(Path a, Path b) throws IOException {
    Path t = a.resolveSibling("swap.tmp$");
    Files.move(a, t);
    Files.move(b, a);
    Files.move(t, b);
  }

  private static void write(Path f, byte[] bytes) throws IOException {
    Files.write(f, bytes);
  }

  /** Copies {@code from} (its root {@code sym} and, for jbetz34, only partition 2020.04.05). */
  private static Path copy(Path from, Path to) throws IOException {
    boolean onePartition = from.toString().contains("jbetz34");
    return FixtureCopies.copy(from, to,
        onePartition ? FixtureCopies.onlyPartition("2020.04.05") : rel -> false);
  }

  private static List<Path> files(Path db) throws IOException {
    try (Stream<Path> s = Files.walk(db)) {
      return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
  }
}
