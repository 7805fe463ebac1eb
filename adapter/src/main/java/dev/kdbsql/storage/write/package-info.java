/**
 * Writes kdb+ 4.x databases without q: {@code fe 20} vectors, {@code fd 20} enumerations against a
 * root {@code sym} file (with {@code p#} index trailers), anymap string columns, {@code .d} files,
 * flat tables, and the splayed, partitioned and segmented layouts, as q's {@code set},
 * {@code .Q.en}, {@code .Q.dpft}, {@code .Q.par} and {@code .Q.chk} produce them.
 *
 * <p>Every file is written under a temporary name and renamed into place, and a table's
 * {@code .d} is written last, so a concurrent reader sees either the old or the new table, never
 * a half-written file. Data is streamed from the caller's primitive arrays through a small
 * buffer; no file is ever assembled in memory.
 */
package dev.kdbsql.storage.write;
