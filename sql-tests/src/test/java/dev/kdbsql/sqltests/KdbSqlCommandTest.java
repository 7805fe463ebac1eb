package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code kdbsql} command as a user runs it from the repository root: one statement with
 * {@code -e} in each output format, mistakes as one clear line with a failing exit status, and an
 * interactive SQLLine session driven through tmux.
 */
class KdbSqlCommandTest {
  record Run(int status, String out, String err) {}

  static Path home() {
    Path home = Path.of(System.getProperty("kdbsql.home", "..")).toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(home.resolve("kdbsql")), "kdbsql script not found in " + home);
    DriverJarTest.jar();
    return home;
  }

  static Run kdbsql(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", home().resolve("kdbsql").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("kdbsql", ".out");
    Path err = Files.createTempFile("kdbsql", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kdbsql did not finish: " + cmd);
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void executeOneStatementInEachFormat() throws Exception {
    String egor = TestDatabases.fixture("egor7__q/db").toString();
    String sql = "select sym, p from t where date = date '2015-01-02' order by sym";
    Run table = kdbsql(egor, "-e", sql);
    assertEquals(0, table.status(), table.err());
    assertEquals("""
        +------+-------+
        | sym  |   p   |
        +------+-------+
        | ibm  | 101.5 |
        | msft | 33.5  |
        +------+-------+
        """, table.out());
    assertEquals("", table.err());
    Run csv = kdbsql(egor, "--outputformat=csv", "-e", sql);
    assertEquals("'sym','p'\n'ibm','101.5'\n'msft','33.5'\n", csv.out());
    Run json = kdbsql(egor, "--outputformat=json", "-e", sql);
    assertEquals("{\"resultset\":[\n{\"sym\":\"ibm\",\"p\":101.5},\n{\"sym\":\"msft\",\"p\":33.5}\n]}\n",
        json.out());
  }

  @Test
  void mistakesGiveOneLineAndAFailingStatus() throws Exception {
    String egor = TestDatabases.fixture("egor7__q/db").toString();
    Run table = kdbsql(egor, "-e", "select * from nosuch");
    assertEquals(1, table.status());
    assertOneLine(table.err(), "Object 'nosuch' not found");
    Run column = kdbsql(egor, "-e", "select nosuch from t");
    assertEquals(1, column.status());
    assertOneLine(column.err(), "Column 'nosuch' not found");
    Run syntax = kdbsql(egor, "-e", "selec 1");
    assertEquals(1, syntax.status());
    assertOneLine(syntax.err(), "parse failed");
    Run notDb = kdbsql(home().resolve("adapter").toString(), "-e", "select 1");
    assertEquals(2, notDb.status());
    assertOneLine(notDb.err(), "not a kdb+ database");
    Run missing = kdbsql("/no/such/dir", "-e", "select 1");
    assertEquals(2, missing.status());
    assertOneLine(missing.err(), "/no/such/dir");
  }

  private static void assertOneLine(String err, String expected) {
    List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "expected one line, got:\n" + err);
    assertTrue(lines.get(0).contains(expected), lines.get(0));
    assertFalse(err.contains("\tat "), err);
  }

  @Test
  void interactiveSessionUnderTmux() throws Exception {
    Path home = home();
    assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is not installed");
    String egor = TestDatabases.fixture("egor7__q/db").toString();
    String session = "kdbsql-test-" + ProcessHandle.current().pid();
    tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40",
        "bash " + home.resolve("kdbsql") + " " + egor);
    try {
      String screen = waitFor(session, "0: jdbc:kdb:");
      // tmux takes a ';' argument as its own command separator, so the semicolon goes as hex.
      tmux("send-keys", "-t", session, "-l", "select sym, p from t order by p desc limit 1");
      tmux("send-keys", "-t", session, "-H", "3b");
      tmux("send-keys", "-t", session, "Enter");
      // The footer comes last: waiting for the value alone raced with it on a busy machine.
      screen = waitFor(session, "1 row selected");
      assertTrue(screen.contains("| ibm | 101.5 |"), screen);
      assertTrue(screen.contains("1 row selected"), screen);
      tmux("send-keys", "-t", session, "-l", "!quit");
      tmux("send-keys", "-t", session, "Enter");
    } finally {
      new ProcessBuilder("tmux", "kill-session", "-t", session).start().waitFor();
    }
  }

  private static void tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux"));
    cmd.addAll(List.of(args));
    assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), cmd.toString());
  }

  private static String waitFor(String session, String text) throws Exception {
    String screen = "";
    for (int i = 0; i < 300; i++) {
      Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", session).start();
      screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (screen.contains(text)) {
        return screen;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("'" + text + "' never appeared on the screen:\n" + screen);
  }
}
