package dev.kdbsql.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result table, as Markdown: per query the median of each engine, each of our engines'
 * time over DuckDB's (native tables and Parquet), our first runs (the statement never seen
 * before: parsing, planning and compiling included) and the planning part of them, our peak
 * heap, the row count and whether the engines agreed; then, per spelling, geometric means over
 * the queries every engine completed.
 */
final class Report {
  /**
   * One query's measurements, in the order of the report's engines.
   *
   * @param disagreement the first difference between engines' rows, or null
   */
  record Line(TaqQuery query, List<Measurement> measurements, String disagreement) {

    boolean complete() {
      return measurements.stream().allMatch(m -> m.failure() == null);
    }

    /** The failures, for messages. */
    String failures() {
      return measurements.stream().map(m -> String.valueOf(m.failure()))
          .reduce((a, b) -> a + " / " + b).orElse("");
    }
  }

  private final List<Engine> engines;
  private final List<Line> lines = new ArrayList<>();

  /** A report over {@code engines}: ours first, then DuckDB native, then DuckDB over Parquet. */
  Report(List<Engine> engines) {
    this.engines = List.copyOf(engines);
  }

  void add(Line l) {
    lines.add(l);
  }

  List<Line> lines() {
    return lines;
  }

  private List<Integer> ours() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < engines.size(); i++) {
      if (engines.get(i).ours()) {
        out.add(i);
      }
    }
    return out;
  }

  private int index(String name) {
    for (int i = 0; i < engines.size(); i++) {
      if (engines.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no engine " + name);
  }

  /** The tables (one per spelling) and their geometric means. */
  String markdown() {
    StringBuilder b = new StringBuilder();
    for (String spelling : List.of(TaqQuery.STANDARD, TaqQuery.KDB)) {
      List<Line> these = lines.stream().filter(l -> l.query().spelling().equals(spelling))
          .toList();
      if (!these.isEmpty()) {
        b.append(spelling.equals(TaqQuery.STANDARD) ? "Standard SQL" : "kdb+ spelling")
            .append("\n\n").append(table(these)).append('\n');
      }
    }
    return b.toString();
  }

  private String table(List<Line> these) {
    int duck = index("duckdb");
    int parquet = index("duckdb-parquet");
    List<Integer> ours = ours();
    StringBuilder b = new StringBuilder("| query |");
    StringBuilder rule = new StringBuilder("|---|");
    for (Engine e : engines) {
      b.append(' ').append(e.name()).append(" ms |");
      rule.append("---:|");
    }
    for (int o : ours) {
      b.append(' ').append(engines.get(o).name()).append("/duckdb | ")
          .append(engines.get(o).name()).append("/parquet |");
      rule.append("---:|---:|");
    }
    for (int o : ours) {
      b.append(' ').append(engines.get(o).name()).append(" first run ms | ")
          .append(engines.get(o).name()).append(" planning ms |");
      rule.append("---:|---:|");
    }
    b.append(" ours peak heap MB | rows | agree |\n");
    rule.append("---:|---:|---|\n");
    b.append(rule);
    int n = 0;
    double[] logs = new double[engines.size()];
    double[] logFirst = new double[engines.size()];
    double[] logPlan = new double[engines.size()];
    for (Line l : these) {
      List<Measurement> m = l.measurements();
      b.append("| ").append(l.query().name()).append(" |");
      for (Measurement x : m) {
        b.append(' ').append(ms(x)).append(" |");
      }
      for (int o : ours) {
        b.append(' ').append(ratio(m.get(o).medianMillis(), m.get(duck).medianMillis()))
            .append(" | ").append(ratio(m.get(o).medianMillis(), m.get(parquet).medianMillis()))
            .append(" |");
      }
      for (int o : ours) {
        b.append(' ').append(millis(m.get(o).firstMillis())).append(" | ")
            .append(millis(m.get(o).planMillis())).append(" |");
      }
      long heap = ours.stream().mapToLong(o -> m.get(o).peakHeapBytes()).max().orElse(-1);
      Measurement first = m.get(0);
      b.append(' ').append(heap < 0 ? "" : Long.toString(heap >> 20)).append(" | ")
          .append(first.rows() == null ? "" : first.rows().size()).append(" | ")
          .append(agreement(l)).append(" |\n");
      if (l.complete()) {
        for (int i = 0; i < m.size(); i++) {
          logs[i] += Math.log(m.get(i).medianMillis());
          logFirst[i] += Math.log(m.get(i).firstMillis());
          logPlan[i] += Math.log(m.get(i).planMillis());
        }
        n++;
      }
    }
    if (n > 0) {
      b.append(String.format(Locale.ROOT, "| **geometric mean** (%d of %d queries) |", n,
          these.size()));
      double[] g = new double[engines.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = Math.exp(logs[i] / n);
        b.append(String.format(Locale.ROOT, " %.1f |", g[i]));
      }
      for (int o : ours) {
        b.append(' ').append(ratio(g[o], g[duck])).append(" | ").append(ratio(g[o], g[parquet]))
            .append(" |");
      }
      for (int o : ours) {
        b.append(String.format(Locale.ROOT, " %.1f | %.2f |", Math.exp(logFirst[o] / n),
            Math.exp(logPlan[o] / n)));
      }
      b.append(" | | |\n");
    }
    return b.toString();
  }

  private static String millis(double ms) {
    return Double.isNaN(ms) ? "" : String.format(Locale.ROOT, "%.1f", ms);
  }

  private static String ms(Measurement m) {
    return m.failure() != null ? m.failure() : String.format(Locale.ROOT, "%.1f",
        m.medianMillis());
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.1fx", a / b);
  }

  private static String agreement(Line l) {
    if (l.disagreement() != null) {
      return "**no**: " + l.disagreement();
    }
    return l.measurements().stream().allMatch(m -> m.rows() != null) ? "yes" : "n/a";
  }
}
