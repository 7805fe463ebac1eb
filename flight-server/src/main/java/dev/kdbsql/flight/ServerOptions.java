package dev.kdbsql.flight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link KdbFlightServer} serves one database.
 *
 * @param database the kdb+ database root (what {@code jdbc:kdb:} accepts)
 * @param host the address to listen on; {@code 127.0.0.1} by default
 * @param port the port, or 0 for any free port ({@link KdbFlightServer#port()} tells which)
 * @param credentials the one user and password clients must give, or null for no
 *     authentication (then only a loopback {@code host} is allowed)
 * @param tls the certificate chain and PKCS#8 key to serve TLS with, or null for plain text
 * @param maxQueries how many queries may run (be opened and streamed) at once; one more is
 *     refused with RESOURCE_EXHAUSTED
 * @param batchSize rows per Arrow record batch at most
 * @param streamMemory bytes of Arrow buffers one result stream may hold at once
 * @param snapshotAge how long a pooled jdbc:kdb: connection (a snapshot of the database's
 *     tables and partitions) is reused before a fresh one sees new data
 * @param drainTimeout how long {@link KdbFlightServer#close()} lets running calls finish
 *     before cancelling them
 * @param properties jdbc:kdb: connection properties (for example {@code timespan=nanos})
 */
public record ServerOptions(Path database, String host, int port, Credentials credentials,
    Tls tls, int maxQueries, int batchSize, long streamMemory, Duration snapshotAge,
    Duration drainTimeout, Map<String, String> properties) {

  /** The default limit on concurrent queries. */
  public static final int DEFAULT_MAX_QUERIES = 16;
  /** The default batch size (arrow-bridge's). */
  public static final int DEFAULT_BATCH_SIZE = 65_536;
  /** The default memory bound of one stream: 1 GiB. */
  public static final long DEFAULT_STREAM_MEMORY = 1L << 30;

  /** A user name and the password it must present. */
  public record Credentials(String user, byte[] password) {
    public Credentials {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      password = password.clone();
    }

    @Override
    public byte[] password() {
      return password.clone();
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=(hidden)]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Credentials c && c.user.equals(user)
          && java.util.Arrays.equals(c.password, password);
    }

    @Override
    public int hashCode() {
      return user.hashCode();
    }
  }

  /** A PEM certificate chain and its PEM PKCS#8 private key. */
  public record Tls(Path certificate, Path key) {
    public Tls {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(key, "key");
    }
  }

  public ServerOptions {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(snapshotAge, "snapshotAge");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    properties = Map.copyOf(properties);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    if (maxQueries < 1) {
      throw new IllegalArgumentException("the query limit must be at least 1, not " + maxQueries);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("the batch size must be at least 1, not " + batchSize);
    }
    if (streamMemory < 1 << 20) {
      throw new IllegalArgumentException("a stream needs at least 1 MiB of memory, not "
          + streamMemory + " bytes");
    }
  }

  /** Defaults for {@code database} on loopback, any free port, no authentication, no TLS. */
  public static ServerOptions loopback(Path database) {
    return new ServerOptions(database, "127.0.0.1", 0, null, null, DEFAULT_MAX_QUERIES,
        DEFAULT_BATCH_SIZE, DEFAULT_STREAM_MEMORY, Duration.ofSeconds(60), Duration.ofSeconds(30),
        Map.of());
  }

  /** These options with {@code h} and {@code p}. */
  public ServerOptions withAddress(String h, int p) {
    return new ServerOptions(database, h, p, credentials, tls, maxQueries, batchSize,
        streamMemory, snapshotAge, drainTimeout, properties);
  }

  /** These options with {@code c} (null: no authentication). */
  public ServerOptions withCredentials(Credentials c) {
    return new ServerOptions(database, host, port, c, tls, maxQueries, batchSize, streamMemory,
        snapshotAge, drainTimeout, properties);
  }

  /** These options with {@code t} (null: no TLS). */
  public ServerOptions withTls(Tls t) {
    return new ServerOptions(database, host, port, credentials, t, maxQueries, batchSize,
        streamMemory, snapshotAge, drainTimeout, properties);
  }

  /** These options with a limit of {@code n} concurrent queries. */
  public ServerOptions withMaxQueries(int n) {
    return new ServerOptions(database, host, port, credentials, tls, n, batchSize, streamMemory,
        snapshotAge, drainTimeout, properties);
  }

  /** These options with batches of at most {@code n} rows. */
  public ServerOptions withBatchSize(int n) {
    return new ServerOptions(database, host, port, credentials, tls, maxQueries, n, streamMemory,
        snapshotAge, drainTimeout, properties);
  }

  /** These options with {@code bytes} of memory per stream. */
  public ServerOptions withStreamMemory(long bytes) {
    return new ServerOptions(database, host, port, credentials, tls, maxQueries, batchSize, bytes,
        snapshotAge, drainTimeout, properties);
  }

  /** These options with connections reused for at most {@code age}. */
  public ServerOptions withSnapshotAge(Duration age) {
    return new ServerOptions(database, host, port, credentials, tls, maxQueries, batchSize,
        streamMemory, age, drainTimeout, properties);
  }

  /** These options with {@code timeout} to drain running calls on close. */
  public ServerOptions withDrainTimeout(Duration timeout) {
    return new ServerOptions(database, host, port, credentials, tls, maxQueries, batchSize,
        streamMemory, snapshotAge, timeout, properties);
  }

  /** These options with jdbc:kdb: connection {@code props}. */
  public ServerOptions withProperties(Map<String, String> props) {
    return new ServerOptions(database, host, port, credentials, tls, maxQueries, batchSize,
        streamMemory, snapshotAge, drainTimeout, props);
  }
}
