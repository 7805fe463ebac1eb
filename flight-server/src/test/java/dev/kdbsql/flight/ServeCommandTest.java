package dev.kdbsql.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kdbsql serve}: usage and startup errors are one clear line and an exit status; a real
 * server process prints {@code listening on} with its port, serves, and on SIGTERM lets a
 * running stream finish before it prints {@code stopped} and exits.
 */
class ServeCommandTest {
  @TempDir
  Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ServeCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private Path passwordFile(String content) throws Exception {
    Path f = Files.createTempFile(dir, "password", "");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  @Test
  void refusesToStartWithoutCredentialsOrOnAPublicAddressWithoutAuth() {
    String db = TestDatabases.sample().toString();
    Run noUser = run("serve", db, "--port", "0");
    assertEquals(2, noUser.status());
    assertTrue(noUser.err().contains("--user and --password-file are required"), noUser.err());
    Run open = run("serve", db, "--port", "0", "--no-auth", "--host", "0.0.0.0");
    assertEquals(1, open.status());
    assertTrue(open.err().contains("loopback"), open.err());
  }

  @Test
  void badFilesAreNamed() throws Exception {
    String db = TestDatabases.sample().toString();
    Run missing = run("serve", db, "--port", "0", "--user", "u", "--password-file",
        dir.resolve("nope").toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("nope: no such file"), missing.err());
    Run empty = run("serve", db, "--port", "0", "--user", "u", "--password-file",
        passwordFile("\n").toString());
    assertEquals(1, empty.status());
    assertTrue(empty.err().contains("the first line is empty"), empty.err());
    Run notDb = run("serve", dir.toString(), "--port", "0", "--user", "u", "--password-file",
        passwordFile("secret\n").toString());
    assertEquals(1, notDb.status());
    assertTrue(notDb.err().contains("not a kdb+ database"), notDb.err());
    Run tls = run("serve", db, "--port", "0", "--user", "u", "--password-file",
        passwordFile("secret\n").toString(), "--tls-cert", "x.pem");
    assertEquals(2, tls.status());
    assertTrue(tls.err().contains("--tls-cert and --tls-key go together"), tls.err());
  }

  @Test
  void aServerProcessServesAndDrainsOnSigterm() throws Exception {
    Path password = passwordFile(Servers.PASSWORD + "\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), ServeCommand.class.getName(), "serve",
        TestDatabases.large().toString(), "--port", "0", "--user", Servers.USER,
        "--password-file", password.toString(), "--batch-size", "4096", "--drain-seconds", "60")
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8));
      String line = out.readLine();
      Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(
          String.valueOf(line));
      assertTrue(m.find(), "first line: " + line + "; stderr: "
          + Files.readString(dir.resolve("stderr.txt")));
      int port = Integer.parseInt(m.group(1));
      try (Connection c = FlightJdbc.connect(port, Servers.USER, Servers.PASSWORD)) {
        assertEquals(List.of(List.of(1_000_000L)), JdbcRows.query(c,
            "select count(*) from ticks"));
      }
      // A stream is running when SIGTERM arrives: it finishes, then the server stops.
      try (RawClient client = new RawClient(port)) {
        FlightInfo info = client.sql.execute("select * from ticks", client.token);
        long rows = 0;
        try (FlightStream s = client.sql.getStream(info.getEndpoints().get(0).getTicket(),
            client.token)) {
          assertTrue(s.next());
          rows += s.getRoot().getRowCount();
          p.destroy(); // SIGTERM
          Thread.sleep(300);
          assertTrue(p.isAlive(), "the server waits for the running stream");
          while (s.next()) {
            rows += s.getRoot().getRowCount();
          }
        }
        assertEquals(1_000_000, rows);
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server stopped");
      assertEquals(143, p.exitValue(), "exit status after SIGTERM");
      String err = Files.readString(dir.resolve("stderr.txt"));
      assertTrue(err.contains("kdbsql serve: stopped"), err);
      assertTrue(!err.contains(Servers.PASSWORD), err);
    } finally {
      p.destroyForcibly();
    }
  }
}
