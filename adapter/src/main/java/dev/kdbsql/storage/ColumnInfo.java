package dev.kdbsql.storage;

/**
 * A column of a table's schema.
 *
 * @param name the column name as in {@code .d}
 * @param type what the column holds
 * @param attribute the attribute in the schema's file (of the last partition, for partitioned tables)
 */
public record ColumnInfo(String name, ColumnType type, Attribute attribute) {}
