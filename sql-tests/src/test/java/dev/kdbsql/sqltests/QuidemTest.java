package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import net.hydromatic.quidem.Quidem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every Quidem script in {@code src/test/resources/sql} through the real driver
 * ({@code jdbc:kdb:}): each script holds queries and their expected output side by side, and the
 * test fails when a re-run differs. The re-run is written to {@code target/quidem/} for diffing.
 */
class QuidemTest {
  private static final Path SCRIPTS = Path.of("src", "test", "resources", "sql");

  static Stream<String> scripts() throws IOException {
    try (Stream<Path> s = Files.list(SCRIPTS)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".iq")).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void script(String name) throws Exception {
    String expected = Files.readString(SCRIPTS.resolve(name), StandardCharsets.UTF_8);
    StringWriter actual = new StringWriter();
    Quidem.Config config = Quidem.configBuilder()
        .withReader(new StringReader(expected))
        .withWriter(actual)
        .withConnectionFactory(QuidemTest::connect)
        .build();
    new Quidem(config).execute();
    Path out = Path.of("target", "quidem", name);
    Files.createDirectories(out.getParent());
    Files.writeString(out, actual.toString(), StandardCharsets.UTF_8);
    assertEquals(expected, actual.toString(), "diff " + SCRIPTS.resolve(name) + " " + out);
  }

  private static Connection connect(String name, boolean reference) throws Exception {
    if (reference) {
      return null;
    }
    return DriverManager.getConnection("jdbc:kdb:" + TestDatabases.byName(name));
  }
}
