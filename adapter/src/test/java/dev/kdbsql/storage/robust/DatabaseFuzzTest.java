package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes a whole tiny database directory, {@code par.txt} included: the input is a list of entries (see {@link FuzzTree}). */
class DatabaseFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void database(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      FuzzTree.build(d, data);
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
