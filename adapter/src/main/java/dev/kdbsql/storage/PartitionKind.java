package dev.kdbsql.storage;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * How a partitioned database's directories are named, chosen as q chooses it (docs/kdb-format.md
 * §10.2): by the length of the first partition name, 10 = date, 7 = month, 4 = year, else int.
 * The name is also the virtual partition column's name.
 */
public enum PartitionKind {
  DATE("date"),
  MONTH("month"),
  YEAR("year"),
  INT("int");

  private static final Pattern DATE_NAME = Pattern.compile("\\d{4}\\.\\d{2}\\.\\d{2}");
  private static final Pattern MONTH_NAME = Pattern.compile("\\d{4}\\.\\d{2}");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");

  private final String columnName;

  PartitionKind(String columnName) {
    this.columnName = columnName;
  }

  /** The name of the virtual column: date, month, year or int. */
  public String columnName() {
    return columnName;
  }

  /** The kind q infers from the first partition name. */
  public static PartitionKind ofFirstName(String name) {
    return switch (name.length()) {
      case 10 -> DATE;
      case 7 -> MONTH;
      case 4 -> YEAR;
      default -> INT;
    };
  }

  /**
   * Parses a directory name: days since 2000-01-01 for dates, months since 2000-01 for months,
   * the number itself for years and ints. Returns null when the name does not parse, which q
   * reports as {@code 'part}.
   */
  public Long parse(String name) {
    try {
      return switch (this) {
        case DATE -> DATE_NAME.matcher(name).matches()
            ? (long) Temporals.dateValue(LocalDate.parse(name.replace('.', '-'))) : null;
        case MONTH -> MONTH_NAME.matcher(name).matches()
            ? (long) Temporals.monthValue(YearMonth.parse(name.replace('.', '-'))) : null;
        case YEAR, INT -> DIGITS.matcher(name).matches() ? Long.parseLong(name) : null;
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }
}
