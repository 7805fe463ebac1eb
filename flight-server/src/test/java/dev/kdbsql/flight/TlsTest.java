package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlConnectionProperties;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from a PEM certificate and a PKCS#8 PEM key (a self-signed certificate for localhost and
 * 127.0.0.1 made here): the JDBC driver, ADBC and Arrow's client query through it when they
 * trust the certificate, with results equal to jdbc:kdb:'s; a plain-text client, a client that
 * does not trust the certificate, and a PKCS#1 key are refused.
 */
class TlsTest {
  @TempDir
  static Path dir;
  private static Path cert;
  private static Path key;
  private static KdbFlightServer server;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate x509 = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    Files.writeString(cert, pem("CERTIFICATE", x509.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    server = KdbFlightServer.start(Servers.options(TestDatabases.sample())
        .withTls(new ServerOptions.Tls(cert, key)));
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void jdbcQueriesOverTls() throws Exception {
    String url = "jdbc:arrow-flight-sql://localhost:" + server.port()
        + "?useEncryption=true&useSystemTrustStore=false&tlsRootCerts=" + cert;
    try (Connection remote = FlightJdbc.connect(url, Servers.USER, Servers.PASSWORD);
        Connection local = DriverManager.getConnection("jdbc:kdb:" + TestDatabases.sample())) {
      String sql = "select * from ticks where venue = 3";
      assertEquals(JdbcRows.query(local, sql), JdbcRows.query(remote, sql));
    }
  }

  @Test
  void adbcAndArrowsClientQueryOverTls() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, Object> params = new HashMap<>();
      AdbcDriver.PARAM_URI.set(params, "grpc+tls://localhost:" + server.port());
      AdbcDriver.PARAM_USERNAME.set(params, Servers.USER);
      AdbcDriver.PARAM_PASSWORD.set(params, Servers.PASSWORD);
      FlightSqlConnectionProperties.TLS_ROOT_CERTS.set(params, Files.newInputStream(cert));
      try (AdbcDatabase db = new FlightSqlDriver(a).open(params);
          AdbcConnection c = db.connect();
          AdbcStatement st = c.createStatement()) {
        st.setSqlQuery("select count(*) from ticks");
        try (AdbcStatement.QueryResult r = st.executeQuery()) {
          assertEquals(java.util.List.of(java.util.List.of(5_000L)),
              ArrowRows.read(r.getReader()));
        }
      }
      try (InputStream trusted = Files.newInputStream(cert);
          FlightClient client = FlightClient.builder(a,
              Location.forGrpcTls("localhost", server.port())).trustedCertificates(trusted)
              .build()) {
        var token = client.authenticateBasicToken(Servers.USER, Servers.PASSWORD).orElseThrow();
        FlightSqlClient sql = new FlightSqlClient(client);
        assertEquals(1, sql.execute("select 1", token).getEndpoints().size());
      }
    }
  }

  @Test
  void plainTextAndUntrustingClientsAreRefused() throws Exception {
    assertThrows(SQLException.class, () -> FlightJdbc.connect(server.port(), Servers.USER,
        Servers.PASSWORD).close());
    String untrusting = "jdbc:arrow-flight-sql://localhost:" + server.port()
        + "?useEncryption=true&useSystemTrustStore=false";
    assertThrows(SQLException.class,
        () -> FlightJdbc.connect(untrusting, Servers.USER, Servers.PASSWORD).close());
    try (BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.builder(a,
            Location.forGrpcInsecure("127.0.0.1", server.port())).build()) {
      assertThrows(FlightRuntimeException.class,
          () -> client.authenticateBasicToken(Servers.USER, Servers.PASSWORD));
    }
  }

  @Test
  void keysThatAreNotPkcs8AreRefusedByName() throws Exception {
    Path pkcs1 = dir.resolve("rsa.pem");
    Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    IOException e = assertThrows(IOException.class, () -> KdbFlightServer.start(
        Servers.options(TestDatabases.sample()).withTls(new ServerOptions.Tls(cert, pkcs1)))
        .close());
    assertTrue(e.getMessage().contains("PKCS#8") && e.getMessage().contains("rsa.pem"),
        e.getMessage());
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n"
        + "-----END PRIVATE KEY-----\n");
    IOException g = assertThrows(IOException.class, () -> KdbFlightServer.start(
        Servers.options(TestDatabases.sample()).withTls(new ServerOptions.Tls(cert, garbage)))
        .close());
    assertTrue(g.getMessage().contains("garbage.pem"), g.getMessage());
  }
}
