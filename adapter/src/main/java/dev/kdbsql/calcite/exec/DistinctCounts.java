package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.spec.AggCall;
import dev.kdbsql.calcite.spec.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code COUNT(DISTINCT x)} computed by the scan, beside {@code COUNT(*)} and {@code COUNT(y)}
 * ({@link AggCall#computable}): the {@link Aggregator} groups by the statement's keys and by
 * {@code x}, which makes the values of {@code x} distinct as Calcite's DISTINCT does (groups are
 * merged on the values Calcite reads), and the groups are then folded into one per key: the
 * distinct count is the number of groups whose {@code x} is not null, the other counts add up.
 * So {@code COUNT(DISTINCT "date")} comes from the partition list, and no statement of this shape
 * needs an aggregate of Calcite's (nor its generated code) above the scan.
 *
 * <p>Rows come out as {@link Aggregator#merge} hands them out: in the iteration order of a
 * {@link HashMap} keyed as Calcite's hash aggregate keys its groups; a global aggregate has one
 * row even over no rows.
 */
final class DistinctCounts {
  private final int keys;
  /** For each call, its position among the aggregator's calls; -1 for the distinct count. */
  private final int[] position;
  private final List<GroupKey> groupedBy;
  private final List<AggCall> counted;

  private DistinctCounts(int keys, int[] position, List<GroupKey> groupedBy,
      List<AggCall> counted) {
    this.keys = keys;
    this.position = position;
    this.groupedBy = groupedBy;
    this.counted = counted;
  }

  /** The fold of an aggregate by {@code keys} computing {@code calls}; null if none is DISTINCT. */
  static DistinctCounts of(List<GroupKey> keys, List<AggCall> calls) {
    GroupKey distinct = calls.stream().map(AggCall::distinct).filter(Objects::nonNull)
        .findFirst().orElse(null);
    if (distinct == null) {
      return null;
    }
    if (!AggCall.computable(calls)) {
      throw new IllegalArgumentException("not computable together: " + calls);
    }
    List<GroupKey> groupedBy = new ArrayList<>(keys);
    groupedBy.add(distinct);
    List<AggCall> counted = new ArrayList<>();
    int[] position = new int[calls.size()];
    for (int i = 0; i < position.length; i++) {
      AggCall c = calls.get(i);
      position[i] = c.distinct() != null ? -1 : counted.size();
      if (c.distinct() == null) {
        counted.add(c);
      }
    }
    return new DistinctCounts(keys.size(), position, List.copyOf(groupedBy),
        List.copyOf(counted));
  }

  /** The keys the aggregator groups by: the statement's, then {@code x}. */
  List<GroupKey> groupedBy() {
    return groupedBy;
  }

  /** The calls the aggregator computes: the statement's counts that are not DISTINCT. */
  List<AggCall> counted() {
    return counted;
  }

  /**
   * The statement's rows from the aggregator's: one per key (the keys, then the calls' values),
   * from rows of the keys, {@code x} and the counts of {@link #counted}.
   */
  List<Object[]> fold(List<Object[]> grouped) {
    Map<Object, Integer> groupOfKey = new HashMap<>();
    List<Object[]> groupKeys = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    if (keys == 0) {
      groupOfKey.put(List.of(), 0);
      groupKeys.add(new Object[0]);
      counts.add(new long[position.length]);
    }
    for (Object[] row : grouped) {
      Object[] key = Arrays.copyOf(row, keys);
      Object hashKey = Aggregator.hashKey(key);
      Integer g = groupOfKey.get(hashKey);
      if (g == null) {
        g = groupKeys.size();
        groupOfKey.put(hashKey, g);
        groupKeys.add(key);
        counts.add(new long[position.length]);
      }
      long[] c = counts.get(g);
      for (int i = 0; i < position.length; i++) {
        c[i] += position[i] < 0 ? (row[keys] == null ? 0 : 1)
            : (Long) row[keys + 1 + position[i]];
      }
    }
    List<Object[]> out = new ArrayList<>(groupKeys.size());
    for (int g : groupOfKey.values()) {
      Object[] row = Arrays.copyOf(groupKeys.get(g), keys + position.length);
      long[] c = counts.get(g);
      for (int i = 0; i < position.length; i++) {
        row[keys + i] = c[i];
      }
      out.add(row);
    }
    return out;
  }
}
