package dev.kdbsql.calcite.exec;

import dev.kdbsql.calcite.ScanPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The dynamic parameter values of one execution as the {@link DataContext} that
 * {@link ParameterBinder#bind} reads ({@code "?0"}, {@code "?1"}, ...), for scans run outside
 * Calcite's generated code ({@link ScanPlan}). It offers nothing else.
 */
public final class ParameterContext implements DataContext {
  private final List<?> values;

  private ParameterContext(List<?> values) {
    this.values = values;
  }

  /** The context of {@code values}; a value may be null (SQL NULL). */
  public static DataContext of(List<?> values) {
    return new ParameterContext(Collections.unmodifiableList(new ArrayList<>(values)));
  }

  @Override
  public Object get(String name) {
    if (name.startsWith("?")) {
      int i = Integer.parseInt(name.substring(1));
      return i < values.size() ? values.get(i) : null;
    }
    return null;
  }

  @Override
  public SchemaPlus getRootSchema() {
    throw new UnsupportedOperationException("parameters only");
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    throw new UnsupportedOperationException("parameters only");
  }

  @Override
  public QueryProvider getQueryProvider() {
    throw new UnsupportedOperationException("parameters only");
  }
}
