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
 * most common column names, which the Babel parser keeps reserved), groups Postgres casts
 * {@code x::type} ({@link #groupInfixCasts}), and names the leading verb of a statement so that
 * writes can be refused before parsing.
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
      if (isPunct(t, "(")) {
        parens.push(prev != null && prev.kind == Kind.WORD
            && CASTS.contains(prev.text.toUpperCase(Locale.ROOT)));
      } else if (isPunct(t, ")")) {
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
    if (next != null && (next.kind == Kind.STRING || next.is("ZONE") || isPunct(next, "("))) {
      return true;
    }
    if (prev == null) {
      return false;
    }
    if (isCast(prev)) {
      return true;
    }
    return insideCast && prev.is("AS");
  }

  /**
   * {@code sql} with each Postgres cast {@code x::type} (a chain {@code x::t1::t2} too) wrapped
   * in parentheses, so that it binds as tightly as in Postgres: Calcite 1.42's parser applies
   * {@code ::} to the whole comparison before it ({@code price > 1::double} became
   * {@code CAST(price > 1 AS DOUBLE)}). {@code x} is a literal (a typed one such as
   * {@code DATE '...'} too), a (qualified) name, a parenthesized expression, or a call; a cast of
   * anything else ({@code CASE ... END::int}) is left as written.
   */
  static String groupInfixCasts(String sql) {
    if (!sql.contains("::")) {
      return sql;
    }
    List<Token> tokens = tokenize(sql);
    int[] opens = new int[sql.length() + 1];
    int[] closes = new int[sql.length() + 1];
    boolean any = false;
    for (int k = 0; k < tokens.size(); k++) {
      if (!isCast(tokens.get(k))) {
        continue;
      }
      int first = operandStart(tokens, k - 1);
      int last = k;
      while (last < tokens.size() && isCast(tokens.get(last))) {
        int end = typeEnd(tokens, last + 1);
        if (end < 0) {
          break;
        }
        last = end + 1;
      }
      if (first >= 0 && last > k) {
        opens[tokens.get(first).start]++;
        closes[tokens.get(last - 1).end]++;
        any = true;
      }
      k = Math.max(k, last - 1);
    }
    if (!any) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 8);
    for (int i = 0; i <= sql.length(); i++) {
      out.append(")".repeat(closes[i])).append("(".repeat(opens[i]));
      if (i < sql.length()) {
        out.append(sql.charAt(i));
      }
    }
    return out.toString();
  }

  private static boolean isCast(Token t) {
    return isPunct(t, "::");
  }

  private static boolean isPunct(Token t, String text) {
    return t.kind == Kind.PUNCT && t.text.equals(text);
  }

  /** Words before a parenthesis that make it no call: the parenthesis is the operand alone. */
  private static final Set<String> NOT_CALLS = Set.of("AND", "OR", "NOT", "IN", "ON", "WHERE",
      "SELECT", "BY", "HAVING", "WHEN", "THEN", "ELSE", "AS", "FROM", "JOIN", "EXISTS", "ANY",
      "ALL", "SOME", "IS", "LIKE", "ILIKE", "BETWEEN", "CASE", "DISTINCT", "VALUES", "USING",
      "LIMIT", "OFFSET", "RETURN", "UNION", "EXCEPT", "INTERSECT", "MINUS", "FILTER", "OVER",
      "LATERAL");

  /** Words that make a typed literal of the string after them: {@code DATE '2024-01-02'}. */
  private static final Set<String> TYPED_LITERALS = Set.of("DATE", "TIME", "TIMESTAMP",
      "INTERVAL");

  /** The first token of the operand of a cast whose last token is {@code j}, or -1. */
  private static int operandStart(List<Token> t, int j) {
    if (j < 0) {
      return -1;
    }
    Token last = t.get(j);
    if (isPunct(last, ")")) {
      int depth = 0;
      for (int m = j; m >= 0; m--) {
        if (isPunct(t.get(m), ")")) {
          depth++;
        } else if (isPunct(t.get(m), "(") && --depth == 0) {
          boolean call = m > 0 && (t.get(m - 1).kind == Kind.QUOTED
              || t.get(m - 1).kind == Kind.WORD
                  && !NOT_CALLS.contains(t.get(m - 1).text.toUpperCase(Locale.ROOT)));
          return call ? m - 1 : m;
        }
      }
      return -1;
    }
    if (last.kind == Kind.WORD && last.is("END")) {
      return -1;
    }
    if (last.kind == Kind.STRING) {
      boolean typed = j > 0 && t.get(j - 1).kind == Kind.WORD
          && TYPED_LITERALS.contains(t.get(j - 1).text.toUpperCase(Locale.ROOT));
      return typed ? j - 1 : j;
    }
    if (last.kind == Kind.NUMBER) {
      return j;
    }
    if (last.kind != Kind.WORD && last.kind != Kind.QUOTED) {
      return -1;
    }
    int first = j;
    while (first >= 2 && isPunct(t.get(first - 1), ".")
        && (t.get(first - 2).kind == Kind.WORD || t.get(first - 2).kind == Kind.QUOTED)) {
      first -= 2;
    }
    return first;
  }

  /** Words that continue a type name: {@code DOUBLE PRECISION}, {@code WITH TIME ZONE}. */
  private static final Set<String> TYPE_WORDS = Set.of("PRECISION", "VARYING", "WITH",
      "WITHOUT", "TIME", "ZONE", "LOCAL", "ARRAY", "UNSIGNED");

  /** The last token of the type starting at token {@code i}, or -1 when none starts there. */
  private static int typeEnd(List<Token> t, int i) {
    if (i >= t.size() || t.get(i).kind != Kind.WORD && t.get(i).kind != Kind.QUOTED) {
      return -1;
    }
    int end = i;
    while (true) {
      if (end + 1 < t.size() && isPunct(t.get(end + 1), "(")) {
        int close = matching(t, end + 1);
        if (close < 0) {
          return end;
        }
        end = close;
      }
      if (end + 1 < t.size() && t.get(end + 1).kind == Kind.WORD
          && TYPE_WORDS.contains(t.get(end + 1).text.toUpperCase(Locale.ROOT))) {
        end++;
      } else {
        return end;
      }
    }
  }

  /** The index of the parenthesis closing the one at {@code open}, or -1. */
  private static int matching(List<Token> t, int open) {
    int depth = 0;
    for (int m = open; m < t.size(); m++) {
      if (isPunct(t.get(m), "(")) {
        depth++;
      } else if (isPunct(t.get(m), ")") && --depth == 0) {
        return m;
      }
    }
    return -1;
  }

  /** The first word of the statement, upper-cased (comments and parentheses skipped), or "". */
  static String leadingVerb(String sql) {
    for (Token t : tokenize(sql)) {
      if (t.kind == Kind.WORD) {
        return t.text.toUpperCase(Locale.ROOT);
      }
      if (!isPunct(t, "(")) {
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
