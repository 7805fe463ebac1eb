package dev.kdbsql.arrow.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kdbsql.arrow.ArrowTypes;
import dev.kdbsql.storage.ColumnType;
import dev.kdbsql.storage.KdbType;
import dev.kdbsql.storage.column.ObjectListColumn;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.Test;

/**
 * Nested lists of numbers. No q-written fixture holds one (their nested numeric columns mix atoms
 * and lists, so they read as general lists), so the column is built in memory.
 */
class ListExporterTest {
  private static final Path FILE = Path.of("mem/col");

  @Test
  void listsOfLongsWithNullsAndEmptyLists() {
    ObjectListColumn c = new ObjectListColumn(FILE, ColumnType.listOf(KdbType.LONG),
        Arrays.asList(List.of(1L, 2L), List.of(), Arrays.asList(7L, null), null, List.of(9L)));
    try (BufferAllocator a = new RootAllocator();
        ListVector v = (ListVector) ArrowTypes.field("col", c.type(), 0).createVector(a)) {
      new ListExporter(KdbType.LONG).fill(c, 1, 4, v);
      assertEquals(4, v.getValueCount());
      assertEquals("[[], [7,null], null, [9]]", Arrays.toString(new Object[] {v.getObject(0),
          v.getObject(1), v.getObject(2), v.getObject(3)}));
      assertEquals("J", v.getField().getMetadata().get(ArrowTypes.KDB_TYPE));
    }
  }

  @Test
  void anAtomAmongListsIsNamed() {
    ObjectListColumn c = new ObjectListColumn(FILE, ColumnType.listOf(KdbType.INT),
        Arrays.asList(List.of(1), 4));
    try (BufferAllocator a = new RootAllocator();
        ListVector v = (ListVector) ArrowTypes.field("col", c.type(), 0).createVector(a)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new ListExporter(KdbType.INT).fill(c, 0, 2, v));
      assertTrue(e.getMessage().startsWith(FILE + ": row 1 of a I column holds an atom (4)"),
          e.getMessage());
    }
  }
}
