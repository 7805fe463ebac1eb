package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes anymap columns: the input splits (see {@link FuzzDir#split}) into {@code col}, {@code col#} and {@code col##} (absent when empty). */
class AnymapFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void anymap(byte[] data) {
    byte[][] parts = FuzzDir.split(data, 3);
    try (FuzzDir d = new FuzzDir()) {
      d.write("t/.d", FuzzDir.symList("c"));
      d.write("t/c", parts[0]);
      d.write("t/c#", parts[1]);
      if (parts[2].length > 0) {
        d.write("t/c##", parts[2]);
      }
      FuzzReads.readAllOrRefuse(d.root());
    }
  }
}
