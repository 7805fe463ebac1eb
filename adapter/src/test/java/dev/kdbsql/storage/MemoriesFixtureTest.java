package dev.kdbsql.storage;

import static dev.kdbsql.storage.Fixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** mkeenan-kdb/memoriesPOC (INDEX.md §5): anymap string columns, zero header counts, an extra file. */
class MemoriesFixtureTest {
  @Test
  void stringsSymbolsAndDates() {
    try (Database db = Fixtures.open("mkeenan-kdb__memoriesPOC/db")) {
      KdbTable m = db.table("memories");
      assertEquals(List.of("date", "time", "title", "location", "who", "description", "dateadded",
          "timeadded", "link", "img"), m.columns().stream().map(ColumnInfo::name).toList());
      assertEquals("duCssCdusC", EgorFixtureTest.meta(m));
      assertEquals(List.of("Michael Standing", "Image Title", "Image Title", "Michael again",
          "Michael again", "Image Title", "hdfggfgs"), values(m, "title"));
      assertEquals(List.of("MICHAEL", "ARIELLE", "ARIELLE", "KEVIN", "KEVIN", "LISA", "LISA"),
          values(m, "who"));
      assertEquals(IntStream.range(0, 7).mapToObj(i -> "memories_picture" + i).toList(),
          values(m, "link"));
      assertEquals(List.of("memories_picture0.png", "memories_picture1.png",
          "memories_picture2.png", "memories_picture3.png", "memories_picture4.svg",
          "memories_picture5.jpg", "memories_picture6.jpg"), values(m, "img"));
      assertEquals(LocalDate.of(2024, 8, 15), values(m, "date").get(0));
      assertEquals(LocalDate.of(2016, 6, 1), values(m, "date").get(1));
      try (TableSlice s = m.slices().get(0)) {
        assertEquals("Michael Standing", s.column(2).getString(0));
      }
    }
  }
}
