/**
 * File images: read-only memory maps in chunks ({@link dev.kdbsql.storage.io.MappedBytes}), kept
 * between queries ({@link dev.kdbsql.storage.io.MappedFileCache}); {@code kxzipped} files
 * inflated block by block on demand ({@link dev.kdbsql.storage.io.KxzipBytes}); headers read
 * through the channel ({@link dev.kdbsql.storage.io.ProbeBytes}); a mapped file read once
 * through its channel ({@link dev.kdbsql.storage.io.OnePassBytes}); plus the compressed-file
 * writer.
 */
package dev.kdbsql.storage.io;
