package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes enumerations, {@code fd 20} and pre-3.6 {@code fe}+name, over a valid {@code sym} domain. */
class EnumFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void enumeration(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("sym", FuzzDir.symList("a", "b", "c"));
      d.write("t/.d", FuzzDir.symList("c"));
      d.write("t/c", data);
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
