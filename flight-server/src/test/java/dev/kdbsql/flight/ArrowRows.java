package dev.kdbsql.flight;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.util.Text;

/** Arrow results as rows of values comparable with {@link JdbcRows}' (dates as java.time, times of day as nanoseconds). */
final class ArrowRows {
  private ArrowRows() {}

  /** Every row the reader gives, batch after batch. */
  static List<List<Object>> read(ArrowReader reader) throws java.io.IOException {
    List<List<Object>> out = new ArrayList<>();
    while (reader.loadNextBatch()) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      for (int r = 0; r < root.getRowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
          row.add(value(v, r));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static Object value(FieldVector v, int r) {
    if (v.isNull(r)) {
      return null;
    }
    if (v instanceof DateDayVector d) {
      return LocalDate.ofEpochDay(d.get(r));
    }
    if (v instanceof TimeSecVector t) {
      return JdbcRows.normalize(LocalTime.ofSecondOfDay(t.get(r)));
    }
    if (v instanceof TimeMilliVector t) {
      return JdbcRows.normalize(LocalTime.ofNanoOfDay(t.get(r) * 1_000_000L));
    }
    if (v instanceof TimeMicroVector t) {
      return JdbcRows.normalize(LocalTime.ofNanoOfDay(t.get(r) * 1_000L));
    }
    if (v instanceof TimeNanoVector t) {
      return JdbcRows.normalize(LocalTime.ofNanoOfDay(t.get(r)));
    }
    Object o = v.getObject(r);
    return JdbcRows.normalize(o instanceof Text t ? t.toString() : o);
  }
}
