package dev.kdbsql.calcite.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.Multimap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.ScalarFunction;
import org.junit.jupiter.api.Test;

/** The functions a kdb+ schema offers, as Calcite reads them: names at once, overloads lazily. */
class KdbFunctionsTest {
  private static final Set<String> NAMES = Set.of("xbar", "wavg", "weighted_avg", "first",
      "last", "median", "quantile_cont", "quantile_disc");

  @Test
  void namesWithoutOverloadsAndOverloadsByName() {
    Multimap<String, Function> all = KdbFunctions.all();
    assertEquals(NAMES, all.keySet());
    assertTrue(all.containsKey("xbar"));
    assertFalse(all.containsKey("XBAR"), "names are matched as Calcite's lookup asks");
    assertTrue(all.get("date").isEmpty(), "a column's name is no function");
    assertEquals(8, all.get("xbar").size());
    assertEquals(10, all.get("first").size());
    assertEquals(4, all.get("quantile_disc").size());
    assertSame(all.get("median").iterator().next(), all.get("median").iterator().next(),
        "a name's overloads are made once");
  }

  @Test
  void exactTemporalOverloadsOfXbarComeLast() {
    List<String> returns = KdbFunctions.all().get("xbar").stream()
        .map(f -> ((ScalarFunction) f).getReturnType(new org.apache.calcite.jdbc
            .JavaTypeFactoryImpl()).getFullTypeString())
        .toList();
    assertEquals(8, returns.size());
    assertTrue(returns.get(6).contains("KdbTimestamp") || returns.get(6).contains("KdbTimespan"),
        returns.toString());
    assertTrue(returns.get(7).contains("KdbTimestamp") || returns.get(7).contains("KdbTimespan"),
        returns.toString());
  }

  @Test
  void theWholeMultimapIsTheOverloadsOfEveryName() {
    Multimap<String, Function> all = KdbFunctions.all();
    int n = 0;
    for (String name : NAMES) {
      assertEquals(List.copyOf(all.get(name)), List.copyOf(all.asMap().get(name)), name);
      n += all.get(name).size();
    }
    assertEquals(n, all.size());
    assertEquals(n, all.entries().size());
  }
}
