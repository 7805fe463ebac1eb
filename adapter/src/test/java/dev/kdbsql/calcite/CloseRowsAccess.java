package dev.kdbsql.calcite;

import java.util.List;

/** {@link CloseRows} for tests in sub-packages. */
public final class CloseRowsAccess {
  private CloseRowsAccess() {
  }

  /** {@link CloseRows#assertClose}. */
  public static void assertClose(List<String> expected, List<String> actual, String message) {
    CloseRows.assertClose(expected, actual, message);
  }
}
