package dev.kdbsql.arrow;

import dev.kdbsql.arrow.export.ArrowIpcWriter;
import dev.kdbsql.arrow.export.ExportOptions;
import dev.kdbsql.arrow.export.ExportPath;
import dev.kdbsql.arrow.export.KdbArrow;
import dev.kdbsql.arrow.export.SqlExport;
import dev.kdbsql.arrow.ingest.ArrowImport;
import dev.kdbsql.storage.Database;
import dev.kdbsql.storage.KdbTable;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code kdbsql export} and {@code kdbsql import} commands: a kdb+ table or any SQL result to
 * an Arrow IPC file or stream, and an Arrow IPC file or stream into a kdb+ table. Progress goes to
 * standard error when it is a terminal. Needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}
 * (the launcher sets it). Exit status: 0 on success, 1 on an error (one line on standard error),
 * 2 on a usage error.
 */
@Command(name = "kdbsql", mixinStandardHelpOptions = true,
    description = "Arrow export and import for kdb+ databases on disk.",
    subcommands = {ArrowCommand.Export.class, ArrowCommand.Import.class})
public final class ArrowCommand {
  private ArrowCommand() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(String... args) {
    if (!Object.class.getModule().isOpen("java.nio", ArrowCommand.class.getModule())) {
      System.err.println("kdbsql: Arrow needs the JVM option "
          + "--add-opens=java.base/java.nio=ALL-UNNAMED (java --add-opens=... -jar ...)");
      return 1;
    }
    CommandLine cl = new CommandLine(ArrowCommand.class);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("kdbsql " + cmd.getCommandName() + ": " + message(e));
      return 1;
    });
    return cl.execute(args);
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  /** {@code kdbsql export DATABASE (SQL | --table NAME) OUTPUT}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Exports a kdb+ table (straight from its column files) or the result of a "
          + "SQL query to an Arrow IPC file or stream.")
  static final class Export implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ARGS",
        description = "DATABASE OUTPUT with --table, else DATABASE SQL OUTPUT; OUTPUT - is "
            + "standard output")
    List<String> args;

    @Option(names = "--table", description = "export this table instead of a SQL result")
    String table;

    @Option(names = "--format", defaultValue = "file",
        description = "file (random access, .arrow) or stream; default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--columns", split = ",", description = "with --table: columns to export")
    List<String> columns = List.of();

    @Option(names = "--partitions", split = ",",
        description = "with --table: partitions to export (directory names)")
    List<String> partitions = List.of();

    @Option(names = "--batch-size", defaultValue = "65536", description = "rows per batch")
    int batchSize;

    @Option(names = {"-v", "--verbose"},
        description = "with SQL: say on standard error whether the query is read straight from "
            + "the column files (a pure scan) or through JDBC rows, and why")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
      if (args == null || args.size() != (table == null ? 3 : 2)) {
        throw new CommandLine.ParameterException(spec.commandLine(), table == null
            ? "expected DATABASE SQL OUTPUT" : "expected DATABASE OUTPUT with --table");
      }
      IpcFormat f = ArrowCommand.format(format);
      Path db = Path.of(args.get(0));
      String output = args.get(args.size() - 1);
      TransferListener progress = Progress.forTerminal("exported");
      Path target = output.equals("-") ? null : Path.of(output);
      boolean done = false;
      try (BufferAllocator allocator = new RootAllocator();
          Database database = Database.open(db);
          WritableByteChannel out = output.equals("-")
              ? Channels.newChannel(new FileOutputStream(FileDescriptor.out))
              : FileChannel.open(target, StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        if (table != null) {
          KdbTable t = database.table(table);
          if (t == null) {
            throw new IllegalArgumentException("no table " + table + " in " + database.root()
                + " (tables: " + database.tables().keySet() + ")");
          }
          ExportOptions o = new ExportOptions(columns, partitions, batchSize);
          try (ArrowReader reader = KdbArrow.tableReader(t, o, allocator)) {
            ArrowIpcWriter.write(reader, out, f, progress);
          }
        } else {
          exportQuery(database, args.get(1), f, out, allocator, progress);
        }
        done = true;
      } finally {
        if (!done && target != null) {
          Files.deleteIfExists(target);
        }
      }
      Progress.finish(progress);
      return 0;
    }

    private void exportQuery(Database database, String sql, IpcFormat f, WritableByteChannel out,
        BufferAllocator allocator, TransferListener progress) throws SQLException, IOException {
      String url = "jdbc:kdb:" + database.root();
      Connection c;
      try {
        c = DriverManager.getConnection(url);
      } catch (SQLException e) {
        throw new SQLException("cannot open " + url + " (the kdbsql JDBC driver must be on the "
            + "class path for SQL exports; --table needs no driver): " + e.getMessage(), e);
      }
      try (c; SqlExport export = SqlExport.open(c, sql, List.of(), database, batchSize,
          allocator)) {
        if (verbose) {
          spec.commandLine().getErr().println("kdbsql export: "
              + (export.path() == ExportPath.DIRECT_SCAN ? "direct scan (" : "JDBC rows (")
              + export.reason() + ")");
          spec.commandLine().getErr().flush();
        }
        ArrowIpcWriter.write(export.reader(), out, f, progress);
      }
    }
  }

  /** {@code kdbsql import FILE DATABASE TABLE [--partition VALUE]}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Imports an Arrow IPC file or stream into a kdb+ splayed table, or into one "
          + "partition of a partitioned table.")
  static final class Import implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Arrow IPC file or stream; - is "
        + "standard input (stream)")
    String file;

    @Parameters(index = "1", paramLabel = "DATABASE", description = "database root (created if "
        + "missing)")
    Path database;

    @Parameters(index = "2", paramLabel = "TABLE", description = "table name")
    String table;

    @Option(names = "--partition", description = "write into this partition (2024.01.02, "
        + "2024.01, 2024 or an int) instead of a splayed table")
    String partition;

    @Option(names = "--format", description = "file or stream; default: detected from the "
        + "file's first bytes (stream for standard input)")
    String format;

    @Override
    public Integer call() throws Exception {
      TransferListener progress = Progress.forTerminal("imported");
      boolean stdin = file.equals("-");
      IpcFormat f = format != null ? ArrowCommand.format(format)
          : stdin ? IpcFormat.STREAM : detect(Path.of(file));
      ArrowImport.Result r;
      try (BufferAllocator allocator = new RootAllocator();
          ReadableByteChannel in = stdin ? Channels.newChannel(new FileInputStream(
              FileDescriptor.in)) : FileChannel.open(Path.of(file));
          ArrowReader reader = f == IpcFormat.FILE
              ? new ArrowFileReader(requireFile(in, file), allocator)
              : new ArrowStreamReader(in, allocator)) {
        r = ArrowImport.importTable(reader, database, table, partition, progress);
      }
      Progress.finish(progress);
      if (System.console() != null) {
        System.err.println("wrote " + r.rows() + " rows, " + r.columns() + " columns to "
            + r.directory());
      }
      return 0;
    }

    private static FileChannel requireFile(ReadableByteChannel in, String name) {
      if (!(in instanceof FileChannel fc)) {
        throw new IllegalArgumentException(name + ": the Arrow file format needs a seekable "
            + "file; use --format stream for standard input");
      }
      return fc;
    }
  }

  static IpcFormat format(String name) {
    return switch (name) {
      case "file" -> IpcFormat.FILE;
      case "stream" -> IpcFormat.STREAM;
      default -> throw new IllegalArgumentException("--format must be file or stream, not "
          + name);
    };
  }

  /** The file format when the file starts with Arrow's magic {@code ARROW1}, else the stream. */
  static IpcFormat detect(Path file) throws IOException {
    byte[] head = new byte[6];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 6);
    }
    return n == 6 && Arrays.equals(head, "ARROW1".getBytes(StandardCharsets.US_ASCII))
        ? IpcFormat.FILE : IpcFormat.STREAM;
  }
}
