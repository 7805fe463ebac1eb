/**
 * File images: read-only memory maps in chunks ({@link dev.kdbsql.storage.io.MappedBytes}) and
 * {@code kxzipped} files inflated block by block on demand ({@link dev.kdbsql.storage.io.KxzipBytes}),
 * plus the compressed-file writer.
 */
package dev.kdbsql.storage.io;
