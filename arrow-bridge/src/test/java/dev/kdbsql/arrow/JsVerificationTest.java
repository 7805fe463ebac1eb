package dev.kdbsql.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kdbsql.arrow.export.ArrowIpcWriter;
import dev.kdbsql.arrow.export.ExportOptions;
import dev.kdbsql.arrow.export.KdbArrow;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.Column;
import dev.kdbsql.storage.ColumnInfo;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.Nulls;
import dev.kdbsql.storage.TableSlice;
import dev.kdbsql.storage.Temporals;
import dev.kdbsql.storage.write.AllTypes;
import dev.kdbsql.storage.write.DatabaseWriter;
import dev.kdbsql.storage.write.WriteOptions;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks our Arrow files with an independent implementation, the Arrow JavaScript library: every
 * value, type and null it reads must be what the storage layer returns, converted with
 * {@code java.time}; and a file it writes must import with the right values.
 */
class JsVerificationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<KdbType, String> ARROW_TYPES = Map.ofEntries(
      Map.entry(KdbType.BOOLEAN, "Bool"), Map.entry(KdbType.GUID, "FixedSizeBinary[16]"),
      Map.entry(KdbType.BYTE, "Uint8"), Map.entry(KdbType.SHORT, "Int16"),
      Map.entry(KdbType.INT, "Int32"), Map.entry(KdbType.LONG, "Int64"),
      Map.entry(KdbType.REAL, "Float32"), Map.entry(KdbType.FLOAT, "Float64"),
      Map.entry(KdbType.CHAR, "Utf8"), Map.entry(KdbType.SYMBOL, "Dictionary<Int32, Utf8>"),
      Map.entry(KdbType.TIMESTAMP, "Timestamp<NANOSECOND>"), Map.entry(KdbType.MONTH, "Date32<DAY>"),
      Map.entry(KdbType.DATE, "Date32<DAY>"), Map.entry(KdbType.DATETIME, "Timestamp<MILLISECOND>"),
      Map.entry(KdbType.TIMESPAN, "Duration<NANOSECOND>"), Map.entry(KdbType.MINUTE, "Time32<SECOND>"),
      Map.entry(KdbType.SECOND, "Time32<SECOND>"), Map.entry(KdbType.TIME, "Time32<MILLISECOND>"));

  @TempDir
  Path tmp;
  private BufferAllocator allocator;

  @BeforeEach
  void open() throws Exception {
    NodeArrow.install();
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    if (allocator != null) {
      allocator.close();
    }
  }

  @Test
  void javascriptReadsTheAllTypesFixtureExactly() throws Exception {
    try (Database db = Database.open(Fixtures.allDataTypes())) {
      checkWithNode(db.table("splayedTable"), IpcFormat.FILE);
      checkWithNode(db.table("test"), IpcFormat.STREAM);
    }
  }

  @Test
  void javascriptReadsGeneratedInfinitiesAndStringsExactly() throws Exception {
    Path src = tmp.resolve("gen");
    DatabaseWriter.open(src).writeSplayed("t", AllTypes.table(900, 7), WriteOptions.DEFAULT);
    try (Database db = Database.open(src)) {
      checkWithNode(db.table("t"), IpcFormat.FILE);
    }
  }

  @Test
  void fileWrittenByJavascriptImports() throws Exception {
    Path file = tmp.resolve("js.arrow");
    NodeArrow.node("write.mjs", file.toString(), "file");
    Path db = tmp.resolve("db");
    try (FileChannel ch = FileChannel.open(file);
        ArrowReader reader = new ArrowFileReader(ch, allocator)) {
      ArrowImport.importTable(reader, db, "js", null, TransferListener.NONE);
    }
    try (Database d = Database.open(db); TableSlice s = d.table("js").slices().get(0)) {
      KdbTable t = d.table("js");
      assertEquals(List.of("i", "j", "f", "b", "C", "s", "p", "d", "I", "F"),
          t.columns().stream().map(c -> String.valueOf(c.type().metaChar())).toList());
      assertEquals(List.of(1, 2, Nulls.INT_NULL, -4), ints(s.column(0)));
      Column big = s.column(1);
      assertEquals(9007199254740993L, big.getLong(3));
      assertEquals(Nulls.LONG_NULL, big.getLong(2));
      assertEquals(Double.NEGATIVE_INFINITY, s.column(2).getDouble(1));
      assertTrue(Double.isNaN(s.column(2).getDouble(2)));
      assertEquals(0, s.column(3).getByte(2), "a null boolean is false in kdb+");
      assertEquals(List.of("a", "b\u00e9", "", ""), List.of(s.column(4).getString(0),
          s.column(4).getString(1), s.column(4).getString(2), s.column(4).getString(3)));
      assertEquals(List.of("x", "y", "x", ""), List.of(s.column(5).getSymbol(0),
          s.column(5).getSymbol(1), s.column(5).getSymbol(2), s.column(5).getSymbol(3)));
      assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_789), s.column(6).getObject(0));
      assertEquals(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_999),
          s.column(6).getObject(1));
      assertEquals(null, s.column(6).getObject(2));
      assertEquals(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1), s.column(6).getObject(3));
      assertEquals(LocalDate.of(2024, 1, 2), s.column(7).getObject(0));
      assertEquals(LocalDate.of(1969, 12, 31), s.column(7).getObject(1));
      assertEquals(null, s.column(7).getObject(3));
      Column ints = s.column(8);
      assertEquals(List.of(1, 2), ints.getObject(0));
      assertEquals(List.of(), ints.getObject(1));
      assertEquals(List.of(), ints.getObject(2), "a null list is an empty list in kdb+");
      assertEquals(Arrays.asList(3, null, -5), ints.getObject(3));
      Column floats = s.column(9);
      assertEquals(List.of(0.5), floats.getObject(0));
      assertEquals(Arrays.asList(Double.NEGATIVE_INFINITY, null), floats.getObject(1));
      assertEquals(List.of(), floats.getObject(2));
      assertEquals(List.of(), floats.getObject(3));
    }
  }

  private static List<Integer> ints(Column c) {
    return List.of(c.getInt(0), c.getInt(1), c.getInt(2), c.getInt(3));
  }

  /** Exports {@code table}, reads it with node and compares every field and value. */
  private void checkWithNode(KdbTable table, IpcFormat format) throws Exception {
    Path file = tmp.resolve(table.name() + ".arrow");
    try (ArrowReader reader = KdbArrow.tableReader(table, ExportOptions.ALL.withBatchSize(500),
        allocator);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      ArrowIpcWriter.write(reader, ch, format, TransferListener.NONE);
    }
    JsonNode js = JSON.readTree(NodeArrow.node("dump.mjs", file.toString()));
    assertEquals(table.rowCount(), js.get("rows").asLong());
    List<ColumnInfo> cols = table.columns();
    assertEquals(cols.size(), js.get("fields").size());
    for (int c = 0; c < cols.size(); c++) {
      ColumnInfo info = cols.get(c);
      JsonNode field = js.get("fields").get(c);
      assertEquals(info.name(), field.get("name").asText());
      assertEquals(String.valueOf(info.type().metaChar()),
          field.get("metadata").get(ArrowTypes.KDB_TYPE).asText());
      if (info.type().isString()) {
        assertEquals("Utf8", field.get("type").asText());
      } else {
        assertEquals(ARROW_TYPES.get(info.type().element()), field.get("type").asText(),
            info.name());
      }
    }
    long row = 0;
    for (TableSlice s : table.slices()) {
      try (s) {
        for (long r = 0; r < s.rowCount(); r++, row++) {
          for (int c = 0; c < cols.size(); c++) {
            JsonNode actual = js.get("columns").get(cols.get(c).name()).get((int) row);
            assertValue(expected(s.column(c), r), actual,
                table.name() + "." + cols.get(c).name() + " row " + row);
          }
        }
      }
    }
  }

  private static void assertValue(Object expected, JsonNode actual, String where) {
    if (expected == null) {
      assertTrue(actual.isNull(), where + ": expected null, JavaScript read " + actual);
    } else if (expected instanceof Boolean b) {
      assertEquals(b, actual.asBoolean(), where);
    } else if (expected instanceof Long l) {
      assertEquals(l, actual.isNumber() ? actual.longValue() : Long.parseLong(actual.asText()),
          where);
    } else if (expected instanceof Double d) {
      assertEquals(d, actual.isNumber() ? actual.doubleValue()
          : Double.parseDouble(actual.asText()), where);
    } else {
      assertEquals(expected, actual.asText(), where);
    }
  }

  /** What JavaScript must read for row {@code r} of {@code c}, derived with java.time. */
  private static Object expected(Column c, long r) {
    if (c.type().isString()) {
      return c.getString(r);
    }
    if (c.isNull(r)) {
      return null;
    }
    KdbType t = c.type().element();
    return switch (t) {
      case BOOLEAN -> c.getBoolean(r);
      case GUID -> new UUID(c.getGuidHigh(r), c.getGuidLow(r)).toString().replace("-", "");
      case BYTE -> (long) (c.getByte(r) & 0xff);
      case SHORT -> (long) c.getShort(r);
      case INT, SECOND, TIME -> (long) c.getInt(r);
      case LONG, TIMESPAN -> c.getLong(r);
      case REAL -> (double) c.getFloat(r);
      case FLOAT -> c.getDouble(r);
      case CHAR -> String.valueOf((char) (c.getByte(r) & 0xff));
      case SYMBOL -> c.getSymbol(r);
      case TIMESTAMP -> infinite(c.getLong(r)) ? c.getLong(r)
          : epochNanos(Temporals.timestamp(c.getLong(r)));
      case MONTH -> infinite(c.getInt(r)) ? (long) c.getInt(r)
          : Temporals.month(c.getInt(r)).atDay(1).toEpochDay();
      case DATE -> infinite(c.getInt(r)) ? (long) c.getInt(r)
          : Temporals.date(c.getInt(r)).toEpochDay();
      case DATETIME -> Double.isInfinite(c.getDouble(r))
          ? (c.getDouble(r) > 0 ? Nulls.LONG_INF : -Nulls.LONG_INF)
          : Temporals.datetime(c.getDouble(r)).toInstant(ZoneOffset.UTC).toEpochMilli();
      case MINUTE -> infinite(c.getInt(r)) ? (long) c.getInt(r) : c.getInt(r) * 60L;
    };
  }

  private static boolean infinite(long v) {
    return v == Nulls.LONG_INF || v == -Nulls.LONG_INF;
  }

  private static boolean infinite(int v) {
    return v == Nulls.INT_INF || v == -Nulls.INT_INF;
  }

  private static long epochNanos(LocalDateTime t) {
    return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000_000L),
        t.getNano());
  }
}
