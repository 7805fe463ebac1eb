package dev.kdbsql.storage.robust;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kdbsql.storage.StorageException;
import dev.kdbsql.storage.format.IpcDecoder;
import dev.kdbsql.storage.io.Bytes;
import dev.kdbsql.storage.io.FileImages;
import java.nio.file.Path;

/** Fuzzes {@code ff 01} IPC objects: the input is a flat table file (enumerations in it use a valid {@code sym}); it is also decoded as a bare object. */
class FlatTableFuzzTest {
  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  void flatTable(byte[] data) {
    try (FuzzDir d = new FuzzDir()) {
      d.write("sym", FuzzDir.symList("a", "b", "c"));
      Path file = d.write("t", data);
      FuzzReads.readAllOrRefuse(d.root());
      FuzzReads.withinLimit(() -> decode(file));
    }
  }

  private static void decode(Path file) {
    try (Bytes b = FileImages.open(file)) {
      IpcDecoder.decodeFile(b);
    } catch (StorageException e) {
      FuzzReads.checkNames(e, file);
    }
  }
}
