package dev.kdbsql.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result table, as Markdown: per query the median of each engine, our time over DuckDB's,
 * our first run (the statement never seen before: parsing, planning and compiling included),
 * our peak heap, the row count and whether the engines agreed; then geometric means over the
 * queries every engine completed.
 */
final class Report {
  /** One query's measurements, ours first, then DuckDB native, then DuckDB over Parquet. */
  record Line(TaqQuery query, Measurement ours, Measurement duckNative,
      Measurement duckParquet, String disagreement) {

    boolean complete() {
      return ours.failure() == null && duckNative.failure() == null
          && duckParquet.failure() == null;
    }
  }

  private final List<Line> lines = new ArrayList<>();

  void add(Line l) {
    lines.add(l);
  }

  List<Line> lines() {
    return lines;
  }

  /** The table and the geometric means. */
  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| query | ours ms | duckdb ms | duckdb-parquet ms | ours/duckdb | ours/parquet"
        + " | ours first run ms | ours peak heap MB | rows | agree |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    double logOurs = 0;
    double logNative = 0;
    double logParquet = 0;
    double logFirst = 0;
    int n = 0;
    for (Line l : lines) {
      double o = l.ours.medianMillis();
      double d = l.duckNative.medianMillis();
      double p = l.duckParquet.medianMillis();
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          l.query.name(), ms(l.ours), ms(l.duckNative), ms(l.duckParquet), ratio(o, d),
          ratio(o, p), Double.isNaN(l.ours.firstMillis()) ? ""
              : String.format(Locale.ROOT, "%.1f", l.ours.firstMillis()),
          l.ours.peakHeapBytes() < 0 ? "" : l.ours.peakHeapBytes() >> 20,
          l.ours.rows() == null ? "" : l.ours.rows().size(), agreement(l)));
      if (l.complete()) {
        logOurs += Math.log(o);
        logNative += Math.log(d);
        logParquet += Math.log(p);
        logFirst += Math.log(l.ours.firstMillis());
        n++;
      }
    }
    if (n > 0) {
      double go = Math.exp(logOurs / n);
      double gd = Math.exp(logNative / n);
      double gp = Math.exp(logParquet / n);
      b.append(String.format(Locale.ROOT,
          "| **geometric mean** (%d of %d queries) | %.1f | %.1f | %.1f | %s | %s | %.1f | | | |%n",
          n, lines.size(), go, gd, gp, ratio(go, gd), ratio(go, gp), Math.exp(logFirst / n)));
    }
    return b.toString();
  }

  private static String ms(Measurement m) {
    return m.failure() != null ? m.failure() : String.format(Locale.ROOT, "%.1f",
        m.medianMillis());
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.1fx", a / b);
  }

  private static String agreement(Line l) {
    if (l.disagreement != null) {
      return "**no**: " + l.disagreement;
    }
    return l.ours.rows() != null && l.duckNative.rows() != null && l.duckParquet.rows() != null
        ? "yes" : "n/a";
  }
}
