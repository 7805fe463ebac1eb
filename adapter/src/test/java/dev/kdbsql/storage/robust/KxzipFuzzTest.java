package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the {@code kxzipped} container and, through its blocks, every block codec: the input is a compressed column file. */
class KxzipFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void kxzipped(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("sym", FuzzDir.symList("a", "b", "c"));
      d.write("t/.d", FuzzDir.symList("c"));
      d.write("t/c", data);
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
