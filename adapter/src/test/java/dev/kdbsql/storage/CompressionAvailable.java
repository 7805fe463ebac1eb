package dev.kdbsql.storage;

/** Placeholder until the codecs branch lands. */
final class CompressionAvailable {
  private CompressionAvailable() {}

  static boolean yes() {
    return false;
  }
}
