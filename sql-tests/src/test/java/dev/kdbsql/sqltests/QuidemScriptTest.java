package dev.kdbsql.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.stream.Stream;
import net.hydromatic.quidem.Quidem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every Quidem script in {@code src/test/resources/sql} through the kdb driver and fails when
 * the output differs from the script (the script holds each query's expected result). The actual
 * output is written to {@code target/quidem/} for diffing. {@code !use name} connects to the
 * fixture database registered under that name; scripts are skipped when the fixtures are missing.
 */
class QuidemScriptTest {
  /** Connection names usable in {@code !use}, and their fixture folders. */
  private static final Map<String, String> DATABASES = Map.of(
      "egor7", "egor7__q/db",
      "dailyhdb", "DataIntellectTech__TorQ/tests/dataaccess/checkinputs/dailyhdb");

  static Stream<Path> scripts() throws IOException, URISyntaxException {
    Path dir = Path.of(QuidemScriptTest.class.getResource("/sql").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".iq")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void scriptProducesItsExpectedOutput(Path script) throws Exception {
    String root = System.getProperty("kdb.fixtures");
    Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root)),
        "fixtures missing: " + root);
    String expected = Files.readString(script);
    Writer out = new StringWriter();
    try (Reader in = Files.newBufferedReader(script)) {
      new Quidem(Quidem.configBuilder().withReader(in).withWriter(out)
          .withConnectionFactory((name, reference) -> connect(root, name)).build()).execute();
    }
    Path actual = Path.of("target", "quidem", script.getFileName().toString());
    Files.createDirectories(actual.getParent());
    Files.writeString(actual, out.toString());
    assertEquals(expected, out.toString(), "diff " + script + " " + actual.toAbsolutePath());
  }

  private static Connection connect(String root, String name) throws Exception {
    String folder = DATABASES.get(name);
    if (folder == null) {
      throw new IllegalArgumentException("unknown !use connection '" + name + "'; known: "
          + DATABASES.keySet());
    }
    return DriverManager.getConnection("jdbc:kdb:" + Path.of(root).resolve(folder));
  }
}
