package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcException;
import org.apache.arrow.adbc.core.AdbcStatusCode;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication: HTTP basic with the configured user and password, then bearer tokens; a wrong
 * password, a wrong user, no credentials or a forged token fail with UNAUTHENTICATED, through
 * the JDBC driver, ADBC and Arrow's client, without the password in any message. Without
 * credentials the server runs on loopback only.
 */
class AuthTest {
  private static KdbFlightServer server;

  @BeforeAll
  static void start() throws Exception {
    server = Servers.start(TestDatabases.sample());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertUnauthenticated(Throwable e) {
    String all = describe(e);
    assertTrue(all.contains("UNAUTHENTICATED"), all);
    assertFalse(all.contains(Servers.PASSWORD), "the password leaked: " + all);
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t).append(" / ");
    }
    return b.toString();
  }

  @Test
  void theRightPasswordWorks() throws Exception {
    try (Connection c = FlightJdbc.connect(server.port(), Servers.USER, Servers.PASSWORD);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from ticks")) {
      assertTrue(rs.next());
      assertEquals(5_000, rs.getLong(1));
    }
  }

  @Test
  void wrongPasswordOrUserOrNoneIsRejectedThroughJdbc() {
    assertUnauthenticated(assertThrows(SQLException.class,
        () -> FlightJdbc.connect(server.port(), Servers.USER, "wrong").close()));
    assertUnauthenticated(assertThrows(SQLException.class,
        () -> FlightJdbc.connect(server.port(), "someone", Servers.PASSWORD).close()));
    // Without a user the driver sends no handshake: the first call is refused.
    assertUnauthenticated(assertThrows(SQLException.class, () -> {
      try (Connection c = FlightJdbc.connect(server.port(), null, null);
          Statement st = c.createStatement()) {
        st.executeQuery("select count(*) from ticks").close();
      }
    }));
  }

  @Test
  void wrongPasswordIsRejectedThroughAdbc() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      Map<String, Object> params = new HashMap<>();
      AdbcDriver.PARAM_URI.set(params, "grpc+tcp://127.0.0.1:" + server.port());
      AdbcDriver.PARAM_USERNAME.set(params, Servers.USER);
      AdbcDriver.PARAM_PASSWORD.set(params, "not " + Servers.PASSWORD);
      AdbcException e = assertThrows(AdbcException.class, () -> {
        try (AdbcDatabase db = new FlightSqlDriver(a).open(params)) {
          db.connect().close();
        }
      });
      assertEquals(AdbcStatusCode.UNAUTHENTICATED, e.getStatus());
      assertFalse(describe(e).contains(Servers.PASSWORD));
    }
  }

  @Test
  void callsWithoutCredentialsOrWithAForgedTokenAreRejected() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.builder(a,
            Location.forGrpcInsecure("127.0.0.1", server.port())).build()) {
      FlightSqlClient sql = new FlightSqlClient(client);
      FlightRuntimeException none = assertThrows(FlightRuntimeException.class,
          () -> sql.execute("select 1"));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, none.status().code());
      assertTrue(none.getMessage().contains("user name and password"), none.getMessage());
      CallHeaders forged = new FlightCallHeaders();
      forged.insert("authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAA==");
      FlightRuntimeException bad = assertThrows(FlightRuntimeException.class,
          () -> sql.execute("select 1", new HeaderCallOption(forged)));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, bad.status().code());
      CallHeaders cookie = new FlightCallHeaders();
      cookie.insert("cookie", Authentication.COOKIE + "=00ff");
      assertEquals(FlightStatusCode.UNAUTHENTICATED, assertThrows(FlightRuntimeException.class,
          () -> sql.execute("select 1", new HeaderCallOption(cookie))).status().code());
    }
  }

  @Test
  void theBearerTokenAloneAuthenticatesLaterCalls() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      assertEquals(1L, ((Number) c.rows(c.sql.execute("select 1 as one", c.token)).get(0)
          .get(0)).longValue());
    }
  }

  @Test
  void withoutCredentialsOnlyLoopbackIsServed() throws Exception {
    ServerOptions open = ServerOptions.loopback(TestDatabases.sample());
    try (KdbFlightServer s = KdbFlightServer.start(open);
        Connection c = FlightJdbc.connect(s.port(), null, null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from trade")) {
      assertTrue(rs.next());
    }
    IOException e = assertThrows(IOException.class,
        () -> KdbFlightServer.start(open.withAddress("0.0.0.0", 0)).close());
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    ServerOptions.Credentials c = new ServerOptions.Credentials("u",
        "hunter2".getBytes(StandardCharsets.UTF_8));
    assertFalse(c.toString().contains("hunter2"));
    assertFalse(Servers.options(TestDatabases.sample()).toString()
        .contains(Servers.PASSWORD));
  }
}
