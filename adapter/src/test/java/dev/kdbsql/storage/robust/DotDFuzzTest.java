package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes {@code .d} files next to two valid columns {@code a} and {@code b}. */
class DotDFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void dotD(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("t/.d", data);
      d.write("t/a", FuzzDir.longVector(1, 2, 3));
      d.write("t/b", FuzzDir.longVector(4, 5, 6));
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
