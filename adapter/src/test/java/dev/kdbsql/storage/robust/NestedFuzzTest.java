package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes pre-3.6 nested columns (type 77+t): the input splits into {@code col} and its headerless {@code col#}. */
class NestedFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void nested(byte[] data) {
    byte[][] parts = FuzzDir.split(data, 2);
    try (FuzzDir d = new FuzzDir()) {
      d.write("t/.d", FuzzDir.symList("c"));
      d.write("t/c", parts[0]);
      d.write("t/c#", parts[1]);
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
