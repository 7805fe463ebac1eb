package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the {@code sym} domain file under a valid enumerated column. */
class SymFileFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void symFile(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("sym", data);
      d.write("t/.d", FuzzDir.symList("s"));
      d.write("t/s", FuzzDir.enumVector("sym", 0, 1, 2, Long.MIN_VALUE, 5));
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
