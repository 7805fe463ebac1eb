package dev.kdbsql.storage.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few most recently used inflated blocks of one compressed file, least recently used evicted
 * first. Bounded by a block count fixed at creation; safe for concurrent use.
 */
final class BlockCache {
  private final Map<Integer, byte[]> blocks;

  /** Creates a cache holding at most {@code capacity} blocks. */
  BlockCache(int capacity) {
    this.blocks = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, byte[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The plain bytes of block {@code index}, or null if not cached. */
  synchronized byte[] get(int index) {
    return blocks.get(index);
  }

  synchronized void put(int index, byte[] data) {
    blocks.put(index, data);
  }

  synchronized void clear() {
    blocks.clear();
  }
}
