package dev.kdbsql.arrow.export;

import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.Temporals;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Exports a kdb+ timespan column the way SQL reads it as a time of day: its durations in
 * nanoseconds, NULL outside one day (the generic path's values, {@link JdbcColumns}); a
 * {@code --table} export keeps every duration.
 */
final class TimeOfDayExporter implements ColumnExporter {
  private final ColumnExporter durations;

  TimeOfDayExporter(ColumnExporter durations) {
    this.durations = durations;
  }

  @Override
  public void fill(Column column, long from, int count, FieldVector target) {
    durations.fill(column, from, count, target);
    DurationVector v = (DurationVector) target;
    for (int i = 0; i < count; i++) {
      if (!v.isNull(i)) {
        long nanos = DurationVector.get(v.getDataBuffer(), i);
        if (nanos < 0 || nanos >= Temporals.NANOS_PER_DAY) {
          v.setNull(i);
        }
      }
    }
  }
}
