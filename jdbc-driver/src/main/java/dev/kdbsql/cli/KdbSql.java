package dev.kdbsql.cli;

import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.StorageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sqlline.SqlLine;

/**
 * The {@code kdbsql} command line: SQLLine on a kdb+ database through the {@code jdbc:kdb:}
 * driver. With no database argument it opens the sample database, generating it first if it is
 * missing. Mistakes a user can make (a path that is not a database, bad SQL, an unknown table)
 * give one clear line, not a stack trace.
 */
@Command(name = "kdbsql", mixinStandardHelpOptions = true, versionProvider = KdbSql.Version.class,
    description = "SQL on a kdb+ database on disk, without q.%n"
        + "With no DATABASE, opens the sample database (created on first use).",
    sortOptions = false)
public final class KdbSql implements Callable<Integer> {
  static final String DRIVER = "dev.kdbsql.jdbc.KdbDriver";
  /** Row width when output is not a terminal: wide enough never to cut a row. */
  static final int PIPED_WIDTH = 1_000_000;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DATABASE",
      description = "A kdb+ database root, splayed table directory or flat table file.")
  Path database;

  @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
      description = "Run one statement, print its result and exit.")
  String sql;

  @Option(names = "--outputformat", paramLabel = "FORMAT", defaultValue = "table",
      description = "SQLLine output format: table, vertical, csv, tsv, json, xmlattr, xmlelements, "
          + "ansiconsole (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(names = {"-P", "--property"}, paramLabel = "KEY=VALUE",
      description = "A connection property (see the README), repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--sample-dir", paramLabel = "DIR", defaultValue = "sample-db",
      description = "Where the sample database lives (default: ${DEFAULT-VALUE}).")
  Path sampleDir;

  @Option(names = "--sample-rows", paramLabel = "ROWS", defaultValue = "200000",
      description = "Trade rows of a newly generated sample database (default: ${DEFAULT-VALUE}).")
  long sampleRows;

  private final PrintStream err;

  KdbSql(PrintStream err) {
    this.err = err;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    if (System.console() == null) {
      // Piped or scripted: no terminal to probe, so tell JLine not to try (and not to warn).
      System.setProperty("org.jline.terminal.dumb", "true");
    }
    java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.SEVERE);
    System.exit(run(args, System.err));
  }

  /** Runs the command line; returns the exit status (0 ok, 1 SQL error, 2 usage or database error). */
  static int run(String[] args, PrintStream err) {
    CommandLine cl = new CommandLine(new KdbSql(err));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("kdbsql: " + e.getMessage());
      return 2;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Path db = database != null ? database : sample();
    try (Database opened = Database.open(db)) {
      if (opened.tables().isEmpty() && opened.unreadableTables().isEmpty()) {
        err.println("kdbsql: note: " + db + " holds no tables yet");
      }
    } catch (StorageException e) {
      err.println("kdbsql: " + e.getMessage());
      return 2;
    }
    if (sql == null) {
      return SqlLine.start(sqllineArgs(db), null, true) == SqlLine.Status.OK ? 0 : 1;
    }
    SqlLine line = new SqlLine();
    OneLineErrors errors = new OneLineErrors(err);
    line.setErrorStream(errors);
    // SQLLine prints the stack trace of an -e statement's error on System.err itself.
    PrintStream systemErr = System.err;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    SqlLine.Status status;
    try {
      status = line.begin(sqllineArgs(db), null, false);
    } finally {
      System.setErr(systemErr);
      errors.close();
    }
    return status == SqlLine.Status.OK && !errors.failed() ? 0 : 1;
  }

  private Path sample() {
    if (!Files.exists(sampleDir)) {
      SampleCreator.create(sampleDir, sampleRows, err);
    }
    return sampleDir;
  }

  /** The URL for {@code db} with the user's properties appended. */
  String url(Path db) {
    StringBuilder url = new StringBuilder("jdbc:kdb:").append(db.toAbsolutePath().normalize());
    properties.forEach((k, v) -> url.append(';').append(k).append('=').append(v));
    return url.toString();
  }

  private String[] sqllineArgs(Path db) {
    List<String> a = new ArrayList<>(List.of("-u", url(db), "-d", DRIVER, "-n", "", "-p", "",
        "--outputformat=" + outputFormat, "--showNestedErrs=false", "--verbose=false",
        "--connectInteractionMode=notAskCredentials", "--isolation=TRANSACTION_NONE"));
    if (System.console() == null) {
      // SQLLine cuts table rows to the terminal width, which is 0 without a terminal.
      a.add("--maxWidth=" + PIPED_WIDTH);
    }
    if (sql != null) {
      a.add("--silent=true");
      a.add("-e");
      a.add(sql);
    }
    return a.toArray(new String[0]);
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KdbSql.class.getPackage().getImplementationVersion();
      return new String[] {"kdbsql " + (v == null ? "development" : v)};
    }
  }
}
