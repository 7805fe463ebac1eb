package dev.kdbsql.storage.io;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Releases a memory mapping now instead of at the next garbage collection, through
 * {@code sun.misc.Unsafe.invokeCleaner}, the supported-in-practice way on Java 17 (module
 * {@code jdk.unsupported}, no JVM flag needed). When it is unavailable, mappings fall back to
 * being released by the garbage collector.
 */
final class Unmapper {
  private static final sun.misc.Unsafe UNSAFE = unsafe();

  private Unmapper() {}

  private static sun.misc.Unsafe unsafe() {
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Unmaps {@code buffer}, or frees it if it is a direct buffer of its own: it must not be a
   * slice or duplicate of one.
   */
  static void unmap(ByteBuffer buffer) {
    if (UNSAFE != null) {
      UNSAFE.invokeCleaner(buffer);
    }
  }
}
