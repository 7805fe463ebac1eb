/**
 * Block codecs of kdb+'s {@code kxzipped} container: one class per block algorithm code (0 stored,
 * 1 q IPC, 2 zlib, 3 snappy, 4 LZ4, 5 zstd), each able to inflate one block into a buffer of known
 * size and to compress one block for the writer.
 *
 * <p>Codecs know nothing of files: a stream they cannot decode raises the checked
 * {@link dev.kdbsql.storage.io.codec.CorruptBlockException}, which the container reader wraps
 * into a {@link dev.kdbsql.storage.StorageException} naming the file, block and offset.
 */
package dev.kdbsql.storage.io.codec;
