package dev.kdbsql.calcite.temporal;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit type coercion, except where an exact kdb+ timestamp or timespan
 * ({@link KdbTemporalType}) is compared with another datetime. Of its own family (a TIMESTAMP or
 * TIME of Calcite's) it gets no cast: the scan compares the two exactly, and so does
 * {@link ExactTemporals}, which converts the other side to the kdb+ type; a cast would wrap the
 * other operand, which Calcite's as-of join validation refuses on an operand already cast
 * ({@code a.p >= CAST(b.p AS TIMESTAMP(3))}). A DATE is cast to the kdb+ timestamp type (exactly,
 * its midnight), never the timestamp down to Calcite's; so is text, parsed with all its digits.
 */
public class KdbTypeCoercion extends TypeCoercionImpl {
  /** Creates the coercion; the validator's {@code TypeCoercionFactory}. */
  public KdbTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override
  public RelDataType commonTypeForBinaryComparison(RelDataType type1, RelDataType type2) {
    KdbTemporalType kdb = type1 instanceof KdbTemporalType k ? k
        : type2 instanceof KdbTemporalType k ? k : null;
    RelDataType other = kdb == type1 ? type2 : type1;
    if (kdb != null && other != null && SqlTypeUtil.isDatetime(other)) {
      if (other.getFamily() == kdb.getFamily()) {
        return null;
      }
      // A DATE against a kdb+ timestamp: the date becomes the timestamp of its midnight.
      if (kdb.isTimestamp() && SqlTypeUtil.isDate(other)) {
        return kdb;
      }
    }
    // Text against a kdb+ value: the text is parsed to the kdb+ type, all its digits kept.
    if (kdb != null && other != null && SqlTypeUtil.isCharacter(other)) {
      return kdb;
    }
    return super.commonTypeForBinaryComparison(type1, type2);
  }
}
