package dev.kdbsql.flight;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An Arrow Flight SQL server over one kdb+ database: {@link #start} binds the address and
 * serves until {@link #close()}, which stops taking calls, lets running ones finish for the
 * drain timeout, cancels what is left and frees everything. Authenticates with one user and
 * password (then bearer tokens) unless the options have no credentials, which only a loopback
 * address may do; serves TLS when given a certificate and key. Thread-safe.
 */
public final class KdbFlightServer implements AutoCloseable {
  private final ServerOptions options;
  private final BufferAllocator allocator;
  private final KdbFlightSqlProducer producer;
  private final FlightServer server;
  private boolean closed;

  private KdbFlightServer(ServerOptions options, BufferAllocator allocator,
      KdbFlightSqlProducer producer, FlightServer server) {
    this.options = options;
    this.allocator = allocator;
    this.producer = producer;
    this.server = server;
  }

  /**
   * Starts serving {@code options.database()}. Fails, having bound nothing, when the database
   * cannot be opened, the address is taken, the TLS files are unusable or authentication is
   * off on an address other than loopback; each message names the problem.
   */
  public static KdbFlightServer start(ServerOptions options) throws IOException {
    checkAddress(options);
    BufferAllocator allocator = new RootAllocator();
    KdbFlightSqlProducer producer = null;
    try {
      producer = new KdbFlightSqlProducer(options, allocator);
      Location location = options.tls() == null
          ? Location.forGrpcInsecure(options.host(), options.port())
          : Location.forGrpcTls(options.host(), options.port());
      FlightServer.Builder b = FlightServer.builder(allocator, location, producer);
      if (options.credentials() != null) {
        b.headerAuthenticator(Authentication.of(options.credentials()));
      }
      if (options.tls() != null) {
        checkPem(options.tls().certificate(), "certificate", "CERTIFICATE");
        checkPem(options.tls().key(), "key", "PRIVATE KEY");
        // Read now: the builder reads its streams only when it builds.
        b.useTls(new ByteArrayInputStream(Files.readAllBytes(options.tls().certificate())),
            new ByteArrayInputStream(Files.readAllBytes(options.tls().key())));
      }
      FlightServer server;
      try {
        server = b.build();
      } catch (RuntimeException e) {
        throw new IOException("cannot set up TLS with " + options.tls().certificate() + " and "
            + options.tls().key() + ": " + Errors.describe(e), e);
      }
      try {
        server.start();
      } catch (IOException e) {
        server.close();
        throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": "
            + Errors.describe(e), e);
      }
      return new KdbFlightServer(options, allocator, producer, server);
    } catch (SQLException e) {
      closeAfterFailure(producer, allocator, e);
      throw new IOException(Errors.describe(e), e);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(producer, allocator, e);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAfterFailure(producer, allocator, e);
      throw new IOException("interrupted while starting", e);
    }
  }

  private static void closeAfterFailure(KdbFlightSqlProducer producer, BufferAllocator allocator,
      Exception failure) {
    try {
      if (producer != null) {
        producer.close(1_000);
      }
      allocator.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void checkAddress(ServerOptions options) throws IOException {
    InetAddress address;
    try {
      address = InetAddress.getByName(options.host());
    } catch (UnknownHostException e) {
      throw new IOException("unknown host " + options.host() + ": " + e.getMessage(), e);
    }
    if (options.credentials() == null && !address.isLoopbackAddress()) {
      throw new IOException("without authentication the server listens on a loopback address "
          + "only (127.0.0.1 or ::1), not " + options.host() + "; give --user and "
          + "--password-file to serve other machines");
    }
  }

  /** Fails naming the file unless it is a readable PEM file of the expected kind. */
  private static void checkPem(Path file, String what, String kind) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException("TLS " + what + " " + file + ": not a readable file");
    }
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    if (kind.equals("PRIVATE KEY")) {
      if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
          || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
        throw new IOException("TLS key " + file + " is a PKCS#1/SEC1 key; the server reads "
            + "PKCS#8 keys: convert it with openssl pkcs8 -topk8 -nocrypt -in " + file
            + " -out key.pk8.pem");
      }
      if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
        throw new IOException("TLS key " + file + " is encrypted; the server reads unencrypted "
            + "PKCS#8 keys: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem");
      }
    }
    if (!text.contains("-----BEGIN " + kind + "-----")) {
      throw new IOException("TLS " + what + " " + file + " holds no PEM '" + kind + "' block");
    }
  }

  /** The port the server listens on (the one chosen when the options said 0). */
  public int port() {
    return server.getPort();
  }

  /** The options it serves with. */
  public ServerOptions options() {
    return options;
  }

  /** How many queries are open now (admitted by GetFlightInfo, not yet fully streamed). */
  public int openQueries() {
    return producer.openQueries();
  }

  /** Bytes of Arrow memory the server holds now (every stream and catalog answer). */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Blocks until the server has stopped. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops: no new calls; running ones finish within the drain timeout, then are cancelled;
   * then every connection and buffer is freed. Idempotent. An interrupt cuts the drain short
   * (the interrupt stays set). Fails (after freeing what it can) when buffers were still held,
   * which would be a leak.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      server.shutdown();
      if (!server.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        producer.cancelAll();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      producer.cancelAll();
    } finally {
      try {
        producer.close(5_000);
      } finally {
        allocator.close();
      }
    }
  }
}
