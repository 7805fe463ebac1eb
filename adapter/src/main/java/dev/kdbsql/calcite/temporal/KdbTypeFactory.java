package dev.kdbsql.calcite.temporal;

import dev.kdbsql.calcite.exec.KdbTimespan;
import dev.kdbsql.calcite.exec.KdbTimestamp;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.type.SqlTypeMappingRule;

/**
 * The type factory of kdbsql connections: Calcite's, plus the exact temporal types
 * ({@link KdbTemporalType}), which it keeps through nullability changes and makes the least
 * restrictive type wherever one meets a Calcite TIMESTAMP or TIME (a literal, a datetime or time
 * column, a CASE branch, a UNION input): the other side is then converted up, exactly, instead of
 * the kdb+ value down to milliseconds.
 */
public class KdbTypeFactory extends JavaTypeFactoryImpl {
  /** Creates a factory over {@code typeSystem}. */
  public KdbTypeFactory(RelDataTypeSystem typeSystem) {
    super(typeSystem);
  }

  /**
   * {@code f} if it is a kdbsql type factory, else one over {@code f}'s type system. The types
   * it makes are canonical for every factory (Calcite interns types globally), so a plain
   * Calcite connection's metadata lists them; planning with them needs a kdbsql factory
   * throughout (Calcite's own changes of nullability keep their class only here), which
   * {@code KdbCalcitePrepare} puts in place.
   */
  public static KdbTypeFactory kdb(RelDataTypeFactory f) {
    if (f instanceof KdbTypeFactory k) {
      return k;
    }
    return new KdbTypeFactory(f.getTypeSystem());
  }

  /** The type of kdb+ timestamps. */
  public RelDataType timestampType(boolean nullable) {
    return canonize(new KdbTemporalType(true, nullable));
  }

  /** The type of kdb+ timespans as times of day. */
  public RelDataType timespanType(boolean nullable) {
    return canonize(new KdbTemporalType(false, nullable));
  }

  @Override
  public RelDataType createType(Type type) {
    if (type == KdbTimestamp.class) {
      return timestampType(true);
    }
    if (type == KdbTimespan.class) {
      return timespanType(true);
    }
    return super.createType(type);
  }

  /** Functions declared with the exact classes (the adapter's xbar, first, last) get these types. */
  @Override
  public RelDataType createJavaType(Class clazz) {
    if (clazz == KdbTimestamp.class) {
      return timestampType(true);
    }
    if (clazz == KdbTimespan.class) {
      return timespanType(true);
    }
    return super.createJavaType(clazz);
  }

  @Override
  public RelDataType createTypeWithNullability(RelDataType type, boolean nullable) {
    if (type instanceof KdbTemporalType k) {
      return k.isTimestamp() ? timestampType(nullable) : timespanType(nullable);
    }
    return super.createTypeWithNullability(type, nullable);
  }

  @Override
  public RelDataType enforceTypeWithNullability(RelDataType type, boolean nullable) {
    if (type instanceof KdbTemporalType) {
      return createTypeWithNullability(type, nullable);
    }
    return super.enforceTypeWithNullability(type, nullable);
  }

  @Override
  public Type getJavaClass(RelDataType type) {
    if (type instanceof KdbTemporalType k) {
      return k.javaClass();
    }
    return super.getJavaClass(type);
  }

  @Override
  public RelDataType toSql(RelDataType type) {
    if (type instanceof KdbTemporalType k) {
      return createTypeWithNullability(
          createSqlType(k.getSqlTypeName(), KdbTemporalType.PRECISION), k.isNullable());
    }
    return super.toSql(type);
  }

  @Override
  public RelDataType leastRestrictive(List<RelDataType> types, SqlTypeMappingRule mappingRule) {
    KdbTemporalType kdb = null;
    List<RelDataType> sql = new ArrayList<>(types.size());
    for (RelDataType t : types) {
      if (t instanceof KdbTemporalType k) {
        if (kdb != null && kdb.isTimestamp() != k.isTimestamp()) {
          return null;
        }
        kdb = k;
        sql.add(toSql(k));
      } else {
        sql.add(t);
      }
    }
    if (kdb == null) {
      return super.leastRestrictive(types, mappingRule);
    }
    RelDataType result = super.leastRestrictive(sql, mappingRule);
    if (result == null || result.getSqlTypeName() != kdb.getSqlTypeName()) {
      return result;
    }
    return createTypeWithNullability(kdb, result.isNullable());
  }
}
