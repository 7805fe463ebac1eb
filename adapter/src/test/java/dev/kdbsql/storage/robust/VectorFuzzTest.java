package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes {@code fe 20} vectors of every type and {@code ff 01} lists stored as columns: the input is the one column file of a splayed table. */
class VectorFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void vector(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("t/.d", FuzzDir.symList("c"));
      d.write("t/c", data);
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
