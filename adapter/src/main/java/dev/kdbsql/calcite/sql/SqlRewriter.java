package dev.kdbsql.calcite.sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites SQL text before Calcite parses it, aware of string literals, quoted identifiers and
 * comments: it quotes the words {@code date} and {@code time} where they name a column (kdb+'s
 * most common column names, which the Babel parser keeps reserved), and names the leading verb
 * of a statement so that writes can be refused before parsing.
 *
 * <p>{@code date}/{@code time} stay keywords where SQL needs them: before a string literal
 * ({@code DATE '2015-01-02'}, {@code TIME '09:30:00'}), before {@code (} ({@code TIME(3)}), before
 * {@code ZONE} ({@code AT TIME ZONE}, {@code WITH TIME ZONE}), after {@code ::}, and after
 * {@code AS} directly inside {@code CAST(...)} and its variants. Everywhere else, including
 * {@code t.date}, {@code AS date} (an alias) and {@code ORDER BY date}, they become quoted
 * identifiers, which match the column case-insensitively under the driver's defaults.
 */
final class SqlRewriter {
  private static final Set<String> COLUMN_WORDS = Set.of("DATE", "TIME");
  private static final Set<String> CASTS = Set.of("CAST", "TRY_CAST", "SAFE_CAST");

  private enum Kind { WORD, STRING, QUOTED, NUMBER, PUNCT }

  private record Token(Kind kind, int start, int end, String text) {
    boolean is(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  private SqlRewriter() {
  }

  /**
   * {@code sql} with every column-naming {@code date}/{@code time} wrapped in {@code open} and
   * {@code close} (the identifier quotes of the connection's quoting).
   */
  static String quoteDateTime(String sql, String open, String close) {
    List<Token> tokens = tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length() + 8);
    Deque<Boolean> parens = new ArrayDeque<>();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token prev = i > 0 ? tokens.get(i - 1) : null;
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (t.kind == Kind.PUNCT && t.text.equals("(")) {
        parens.push(prev != null && prev.kind == Kind.WORD
            && CASTS.contains(prev.text.toUpperCase(Locale.ROOT)));
      } else if (t.kind == Kind.PUNCT && t.text.equals(")")) {
        parens.poll();
      } else if (t.kind == Kind.WORD && COLUMN_WORDS.contains(t.text.toUpperCase(Locale.ROOT))
          && !isKeywordUse(prev, next, !parens.isEmpty() && parens.peek())) {
        out.append(sql, copied, t.start).append(open).append(t.text).append(close);
        copied = t.end;
      }
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  private static boolean isKeywordUse(Token prev, Token next, boolean insideCast) {
    if (next != null && (next.kind == Kind.STRING || next.is("ZONE")
        || (next.kind == Kind.PUNCT && next.text.equals("(")))) {
      return true;
    }
    if (prev == null) {
      return false;
    }
    if (prev.kind == Kind.PUNCT && prev.text.equals("::")) {
      return true;
    }
    return insideCast && prev.is("AS");
  }

  /** The first word of the statement, upper-cased (comments and parentheses skipped), or "". */
  static String leadingVerb(String sql) {
    for (Token t : tokenize(sql)) {
      if (t.kind == Kind.WORD) {
        return t.text.toUpperCase(Locale.ROOT);
      }
      if (!(t.kind == Kind.PUNCT && t.text.equals("("))) {
        return "";
      }
    }
    return "";
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int endComment = s.indexOf("*/", i + 2);
        i = endComment < 0 ? n : endComment + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(s, i, c);
        out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, start, i, s.substring(start, i)));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
            || s.charAt(i) == '$')) {
          i++;
        }
        if (i < n && s.charAt(i) == '\'' && i - start <= 2) {
          // Prefixed literals: X'..', N'..', U&'..', E'..' are one string token.
          i = skipQuoted(s, i, '\'');
          out.add(new Token(Kind.STRING, start, i, s.substring(start, i)));
        } else {
          out.add(new Token(Kind.WORD, start, i, s.substring(start, i)));
        }
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, start, i, s.substring(start, i)));
      } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
        i += 2;
        out.add(new Token(Kind.PUNCT, start, i, "::"));
      } else {
        i++;
        out.add(new Token(Kind.PUNCT, start, i, String.valueOf(c)));
      }
    }
    return out;
  }

  /** The index just past the quoted run starting at {@code i}; a doubled quote escapes itself. */
  private static int skipQuoted(String s, int i, char quote) {
    int j = i + 1;
    while (j < s.length()) {
      if (s.charAt(j) == quote) {
        if (j + 1 < s.length() && s.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return s.length();
  }
}
