/**
 * The kdb+ on-disk format, read without q: {@link dev.kdbsql.storage.Database} discovers flat,
 * splayed, partitioned and segmented tables under a root; {@link dev.kdbsql.storage.TableSlice}
 * opens the columns of one partition as memory-mapped, primitive {@link dev.kdbsql.storage.Column}s.
 * Every bad file raises {@link dev.kdbsql.storage.StorageException} naming the file and offset.
 * Nothing here depends on Calcite, JDBC or Arrow.
 */
package dev.kdbsql.storage;
