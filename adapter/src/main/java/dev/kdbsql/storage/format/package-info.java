/**
 * Decoders of kdb+ file formats: column files of every kind, symbol lists and {@code .d}, and
 * serialized ({@code ff 01}) objects such as flat tables.
 */
package dev.kdbsql.storage.format;
