package dev.kdbsql.flight;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kdbsql serve DATABASE --port N ...}: an Arrow Flight SQL server over a kdb+ database.
 * Prints one line with {@code listening on} and the address once it accepts calls, serves until
 * SIGTERM or SIGINT, then drains (running queries finish, up to {@code --drain-seconds}), prints
 * {@code stopped} and exits. Refuses to start without {@code --user} and
 * {@code --password-file} unless {@code --no-auth} is given, which listens on loopback only.
 * Exit status: 1 when it cannot start (one line naming the problem), 2 on a usage error; a
 * signal ends it as the JVM does (143 for SIGTERM, 130 for SIGINT), after the drain. Needs
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (the {@code kdbsql} launcher sets it).
 */
@Command(name = "kdbsql", mixinStandardHelpOptions = true,
    description = "kdb+ databases over Arrow Flight SQL.",
    subcommands = {ServeCommand.Serve.class})
public final class ServeCommand {
  private ServeCommand() {}

  /** Runs the command line; exits only on an error (a running server ends by signal). */
  public static void main(String[] args) {
    int status = run(System.out, System.err, args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the command line; returns its exit status once the server (if any) has stopped. */
  static int run(PrintStream out, PrintStream err, String... args) {
    if (!Object.class.getModule().isOpen("java.nio", ServeCommand.class.getModule())) {
      err.println("kdbsql: Arrow needs the JVM option "
          + "--add-opens=java.base/java.nio=ALL-UNNAMED (java --add-opens=... -jar ...)");
      err.flush();
      return 1;
    }
    CommandLine cl = new CommandLine(ServeCommand.class);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("kdbsql " + cmd.getCommandName() + ": " + Errors.describe(e));
      return 1;
    });
    return cl.execute(args);
  }

  /** {@code kdbsql serve}. */
  @Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Serves a kdb+ database over Arrow Flight SQL (JDBC: the Arrow Flight SQL "
          + "JDBC driver, as in DBeaver; Python: adbc_driver_flightsql) until SIGTERM or "
          + "SIGINT.")
  static final class Serve implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATABASE", description = "the kdb+ database root")
    Path database;

    @Option(names = "--port", required = true, description = "port to listen on (0: any free)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
        description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every "
            + "interface)")
    String host;

    @Option(names = "--user", description = "the user name clients must give")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file holding the password (its first line)")
    Path passwordFile;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "certificate chain (PEM)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "private key (PKCS#8 PEM)")
    Path tlsKey;

    @Option(names = "--no-auth",
        description = "serve without authentication (loopback addresses only)")
    boolean noAuth;

    @Option(names = "--max-queries", defaultValue = "" + ServerOptions.DEFAULT_MAX_QUERIES,
        description = "queries running at once at most; more are refused (default: "
            + "${DEFAULT-VALUE})")
    int maxQueries;

    @Option(names = "--batch-size", defaultValue = "" + ServerOptions.DEFAULT_BATCH_SIZE,
        description = "rows per Arrow batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--stream-memory-mb", defaultValue = "1024",
        description = "Arrow memory one result stream may hold, MiB (default: "
            + "${DEFAULT-VALUE})")
    long streamMemoryMb;

    @Option(names = "--snapshot-seconds", defaultValue = "60",
        description = "how long a connection's view of the database is reused before new "
            + "partitions and tables show (default: ${DEFAULT-VALUE})")
    long snapshotSeconds;

    @Option(names = "--drain-seconds", defaultValue = "30",
        description = "on SIGTERM/SIGINT, how long running queries may finish (default: "
            + "${DEFAULT-VALUE})")
    long drainSeconds;

    @Option(names = {"-P", "--property"}, paramLabel = "KEY=VALUE",
        description = "a jdbc:kdb: connection property (timespan=nanos, ...), repeatable")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      ServerOptions options = options(err);
      KdbFlightServer server = KdbFlightServer.start(options);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        err.println("kdbsql serve: stopping (draining running queries, up to "
            + drainSeconds + " s)...");
        try {
          server.close();
          err.println("kdbsql serve: stopped");
        } catch (RuntimeException e) {
          err.println("kdbsql serve: stopped with an error: " + Errors.describe(e));
        } finally {
          stopped.countDown();
        }
      }, "kdbsql-serve-shutdown"));
      spec.commandLine().getOut().println("kdbsql serve: listening on " + options.host() + ":"
          + server.port() + " (" + (options.tls() == null ? "grpc" : "grpc+tls") + ", "
          + (options.credentials() == null ? "no authentication"
              : "user " + options.credentials().user()) + ") for " + options.database());
      spec.commandLine().getOut().flush();
      server.awaitTermination();
      stopped.await();
      return 0;
    }

    private ServerOptions options(PrintWriter err) throws IOException {
      if (!Files.exists(database)) {
        throw new IOException("no database at " + database);
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--tls-cert and --tls-key go together");
      }
      ServerOptions.Credentials credentials = null;
      if (noAuth) {
        if (user != null || passwordFile != null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--no-auth excludes --user and --password-file");
        }
      } else {
        if (user == null || passwordFile == null) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "--user and --password-file are required (or --no-auth, which listens on "
                  + "loopback only)");
        }
        credentials = new ServerOptions.Credentials(user, readPassword(passwordFile, err));
        if (tlsCert == null && !host.equals("127.0.0.1") && !host.equals("localhost")
            && !host.equals("::1")) {
          err.println("kdbsql serve: warning: without --tls-cert/--tls-key, passwords and data "
              + "cross the network in clear text");
        }
      }
      return ServerOptions.loopback(database.toAbsolutePath().normalize())
          .withAddress(host, port)
          .withCredentials(credentials)
          .withTls(tlsCert == null ? null : new ServerOptions.Tls(tlsCert, tlsKey))
          .withMaxQueries(maxQueries)
          .withBatchSize(batchSize)
          .withStreamMemory(streamMemoryMb << 20)
          .withSnapshotAge(Duration.ofSeconds(snapshotSeconds))
          .withDrainTimeout(Duration.ofSeconds(drainSeconds))
          .withProperties(properties);
    }
  }

  /**
   * The password in {@code file}: its first line, without the line end. Fails naming the file
   * (never showing its content) when it is missing, unreadable or empty; warns when other users
   * may read it.
   */
  static byte[] readPassword(Path file, PrintWriter err) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("password file " + file + ": no such file");
    }
    if (!Files.isReadable(file)) {
      throw new IOException("password file " + file + ": not readable");
    }
    byte[] all = Files.readAllBytes(file);
    int end = 0;
    while (end < all.length && all[end] != '\n' && all[end] != '\r') {
      end++;
    }
    byte[] password = Arrays.copyOf(all, end);
    Arrays.fill(all, (byte) 0);
    if (password.length == 0) {
      throw new IOException("password file " + file + ": the first line is empty");
    }
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        err.println("kdbsql serve: warning: password file " + file + " is readable by other "
            + "users (chmod 600 it)");
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
    return password;
  }
}
