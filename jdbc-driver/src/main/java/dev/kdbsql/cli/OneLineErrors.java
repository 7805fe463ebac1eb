package dev.kdbsql.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * SQLLine's error stream for a one-statement run: passes SQLLine's own one-line {@code Error: ...}
 * message through and drops the stack trace SQLLine prints after it for statements given with
 * {@code -e}, and remembers that the statement failed, for the exit status.
 */
final class OneLineErrors extends OutputStream {
  private final PrintStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean failed;

  OneLineErrors(PrintStream target) {
    this.target = target;
  }

  /** Whether SQLLine reported an error. */
  boolean failed() {
    return failed;
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      endLine();
    } else {
      line.write(b);
    }
  }

  private void endLine() {
    String s = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (failed) {
      return;
    }
    if (s.startsWith("Error: ")) {
      failed = true;
      target.println(s.replaceFirst(" \\(state=[^)]*,code=\\d+\\)$", ""));
    } else {
      target.println(s);
    }
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    if (line.size() > 0) {
      endLine();
    }
    flush();
  }
}
