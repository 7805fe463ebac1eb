package dev.kdbsql.spark.read;

import java.io.Serializable;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's rows: rows {@code [from, to)} of the table in one partition directory (a kdb+
 * partition, or one segment's part of it, or the whole of an unpartitioned table). Names the
 * directory it was planned from, so an executor whose discovery differs (the database changed
 * under the job) fails instead of reading other rows. No preferred locations: kdb+ databases
 * live on shared storage that every executor reads alike.
 *
 * @param partitionName the kdb+ partition's directory name, or null for an unpartitioned table
 * @param location the table's directory or file in that partition, as planned
 * @param from the first row
 * @param to one past the last row
 */
public record KdbInputPartition(String partitionName, String location, long from, long to)
    implements InputPartition, Serializable {
  private static final long serialVersionUID = 1L;

  /** Number of rows. */
  public long rows() {
    return to - from;
  }

  @Override
  public String toString() {
    return (partitionName == null ? "" : partitionName + " ") + location + " [" + from + ", " + to
        + ")";
  }
}
