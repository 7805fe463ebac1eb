package dev.kdbsql.bench;

import dev.kdbsql.sample.SampleDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * First contact, measured as a user meets it: a fresh JVM per run that connects, browses
 * {@code quote} ({@code SELECT * FROM quote LIMIT 200}), lists the tables and columns, then runs
 * each of the next statements a GUI or an analyst sends for the first time ({@link #statements}).
 * Our driver runs from its self-contained jar with and without a class-data-sharing archive (as
 * {@code kdbsql} runs it), DuckDB from its JDBC jar, over the rows {@link TaqBenchmark} generates
 * (the same directory and options, {@code --reuse} to keep them).
 *
 * <p>Usage: {@code FirstContactBenchmark <dir> [TaqBenchmark's data options] [--runs 5]
 * [--driver-jar jdbc-driver/target/kdbsql-jdbc-driver-<version>-all.jar]}. The browse is timed by
 * this process from starting the JVM to reading the child's line (JVM start, class loading,
 * connect, plan, rows); the other steps by the child. Prints the medians as Markdown.
 */
public final class FirstContactBenchmark {
  /** The longest one child may take. */
  private static final long LIMIT_SECONDS = 120;

  private FirstContactBenchmark() {}

  /** One engine as a command line: the class path and the JVM options. */
  private record Side(String name, String url, List<String> classPath, List<String> jvmOptions) {}

  /** Runs the benchmark; exits 2 on a usage mistake, 1 when a child fails. */
  public static void main(String[] args) throws Exception {
    List<String> rest = new ArrayList<>();
    int runs = 5;
    Path driverJar = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--runs") && i + 1 < args.length) {
        runs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--driver-jar") && i + 1 < args.length) {
        driverJar = Path.of(args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    BenchOptions o;
    try {
      o = BenchOptions.parse(rest.toArray(String[]::new));
      driverJar = driverJar != null ? driverJar : defaultDriverJar();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n(FirstContactBenchmark adds [--runs 5]"
          + " [--driver-jar JAR])");
      System.exit(2);
      return;
    }
    System.out.print(run(o, runs, driverJar));
  }

  /** Prepares the data, runs every side {@code runs} times and returns the Markdown report. */
  static String run(BenchOptions o, int runs, Path driverJar)
      throws IOException, SQLException, InterruptedException {
    SampleDatabase sample = TaqData.prepare(o);
    LocalDate day = sample.dates().get(sample.dates().size() / 2);
    String sym;
    try (Connection duck = DuckDbLoader.open(o.duckFile())) {
      sym = TaqBenchmark.benchmarkSymbol(duck, day);
    }
    List<String> sql = statements(day, sym);
    Path work = Files.createTempDirectory("first-contact");
    try {
      Path probe = probeJar(work);
      Path jsa = work.resolve("ours.jsa");
      Path db = o.parted() ? o.kdbDir() : o.plainDir();
      Side ours = new Side("ours", "jdbc:kdb:" + db,
          List.of(probe.toString(), driverJar.toString()), List.of());
      Side oursCds = new Side("ours, CDS archive", ours.url(), ours.classPath(),
          List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      Side duck = new Side("duckdb", "jdbc:duckdb:" + o.duckFile(),
          List.of(probe.toString(), jarOf(org.duckdb.DuckDBDriver.class)), List.of());
      // The archive kdbsql makes on its first run: classes loaded by one session, dumped at exit.
      runChild(new Side("training", ours.url(), ours.classPath(), List.of(
          "-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")), sql);
      Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
      for (Side s : List.of(ours, oursCds, duck)) {
        results.put(s.name(), new ArrayList<>());
      }
      for (int r = 0; r < runs; r++) {
        // Interleaved, so a slower phase of the machine does not land on one side only.
        for (Side s : List.of(ours, oursCds, duck)) {
          results.get(s.name()).add(runChild(s, sql));
        }
      }
      return report(results, sql, runs);
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The statements: the browse, then what follows it in a GUI (the date range, a count, a day's
   * rows, rows per date, one symbol's rows in time order, top symbols by volume, one symbol's
   * price statistics, crossed quotes, a day's latest quotes), in standard SQL both engines accept.
   */
  static List<String> statements(LocalDate day, String sym) {
    String d = "DATE '" + day + "'";
    return List.of(
        "SELECT * FROM quote LIMIT 200",
        "SELECT MIN(\"date\"), MAX(\"date\") FROM trade",
        "SELECT COUNT(*) FROM trade",
        "SELECT * FROM trade WHERE \"date\" = " + d + " LIMIT 200",
        "SELECT \"date\", COUNT(*) AS n FROM trade GROUP BY \"date\" ORDER BY \"date\"",
        "SELECT * FROM trade WHERE \"date\" = " + d + " AND sym = '" + sym + "' ORDER BY"
            + " \"time\" LIMIT 200",
        "SELECT sym, SUM(CAST(size AS BIGINT)) AS volume FROM trade WHERE \"date\" = " + d
            + " GROUP BY sym ORDER BY volume DESC, sym LIMIT 10",
        "SELECT AVG(price), MIN(price), MAX(price) FROM trade WHERE \"date\" = " + d
            + " AND sym = '" + sym + "'",
        "SELECT COUNT(*) FROM quote WHERE \"date\" = " + d + " AND bid > ask",
        "SELECT * FROM quote WHERE \"date\" = " + d + " ORDER BY \"time\" DESC, sym LIMIT 100");
  }

  /** Runs the probe in a fresh JVM: the nanos of each step, the browse timed from the launch. */
  private static Map<String, Long> runChild(Side side, List<String> sql)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(side.jvmOptions());
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, side.classPath()));
    cmd.add(FirstContactProbe.class.getName());
    cmd.add(side.url());
    cmd.addAll(sql);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    long start = System.nanoTime();
    Process p = pb.start();
    Map<String, Long> steps = new LinkedHashMap<>();
    StringBuilder other = new StringBuilder();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[1].chars().allMatch(Character::isDigit)) {
          steps.put(f[0], f[0].equals("browse") ? System.nanoTime() - start : Long.parseLong(f[1]));
        } else {
          other.append(line).append('\n');
        }
      }
    }
    if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(side.name() + ": the probe did not stop");
    }
    if (p.exitValue() != 0 || steps.size() != sql.size() + 1) {
      throw new IllegalStateException(side.name() + ": the probe failed (exit " + p.exitValue()
          + "):\n" + other);
    }
    return steps;
  }

  private static String report(Map<String, List<Map<String, Long>>> results, List<String> sql,
      int runs) {
    List<String> names = new ArrayList<>(results.keySet());
    StringBuilder b = new StringBuilder("\nFirst contact, fresh JVM per run, median of ")
        .append(runs).append(" runs (ms)\n\n| step |");
    names.forEach(n -> b.append(' ').append(n).append(" |"));
    b.append("\n|---|").append("---:|".repeat(names.size())).append('\n');
    List<String> steps = new ArrayList<>(results.get(names.get(0)).get(0).keySet());
    double[] logSum = new double[names.size()];
    for (String step : steps) {
      String label = step.equals("browse") ? "JVM start + connect + `" + sql.get(0) + "`"
          : step.equals("metadata") ? "tables and columns listed"
          : "`" + sql.get(Integer.parseInt(step.substring(1))) + "`";
      b.append("| ").append(label).append(" |");
      for (int i = 0; i < names.size(); i++) {
        double ms = median(results.get(names.get(i)), step) / 1e6;
        b.append(String.format(Locale.ROOT, " %.1f |", ms));
        if (step.startsWith("q")) {
          logSum[i] += Math.log(ms);
        }
      }
      b.append('\n');
    }
    b.append("| geometric mean of the first runs after the browse |");
    for (int i = 0; i < names.size(); i++) {
      b.append(String.format(Locale.ROOT, " %.1f |", Math.exp(logSum[i] / (sql.size() - 1))));
    }
    return b.append('\n').toString();
  }

  private static double median(List<Map<String, Long>> runs, String step) {
    long[] v = runs.stream().mapToLong(m -> m.get(step)).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  /** A jar holding just the probe, so the child's class path has no directory (CDS needs jars). */
  private static Path probeJar(Path dir) throws IOException {
    Path jar = dir.resolve("probe.jar");
    String entry = FirstContactProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out);
        InputStream in = FirstContactProbe.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IOException("cannot read " + entry + " from the class path");
      }
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
    return jar;
  }

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path defaultDriverJar() throws IOException {
    Path target = Path.of("jdbc-driver", "target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        Path jar = files.filter(p -> p.getFileName().toString().matches(
            "kdbsql-jdbc-driver-.*-all\\.jar")).findFirst().orElse(null);
        if (jar != null) {
          return jar;
        }
      }
    }
    throw new IllegalArgumentException("no jdbc-driver/target/kdbsql-jdbc-driver-*-all.jar here:"
        + " build it (mvn package -pl jdbc-driver -am) or give --driver-jar");
  }
}
