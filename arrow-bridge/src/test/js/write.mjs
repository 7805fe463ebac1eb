// Writes an Arrow IPC file with several types, nulls included, for the import test to read.
// Values are fixed here and asserted on the Java side (JsVerificationTest).
import { writeFileSync } from 'node:fs';
import {
  Bool, DateDay, Dictionary, Field, Float64, Int32, Int64, List, Table, TimestampNanosecond, Utf8,
  makeData, makeVector, tableToIPC, vectorFromArray,
} from 'apache-arrow';

const nanos = makeVector(makeData({
  type: new TimestampNanosecond(),
  length: 4,
  nullCount: 1,
  nullBitmap: Uint8Array.of(0b1011),
  data: BigInt64Array.of(1704067200123456789n, -1n, 0n, 946684800000000001n),
}));
const days = makeVector(makeData({
  type: new DateDay(),
  length: 4,
  nullCount: 1,
  nullBitmap: Uint8Array.of(0b0111),
  data: Int32Array.of(19724, -1, 0, 0),
}));

const table = new Table({
  id: vectorFromArray([1, 2, null, -4], new Int32()),
  big: vectorFromArray([1n, -2n, null, 9007199254740993n], new Int64()),
  price: vectorFromArray([1.5, -Infinity, null, 2.25], new Float64()),
  flag: vectorFromArray([true, false, null, true], new Bool()),
  name: vectorFromArray(['a', 'b\u00e9', null, ''], new Utf8()),
  sym: vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32())),
  ts: nanos,
  day: days,
  ints: vectorFromArray([[1, 2], [], null, [3, null, -5]],
    new List(new Field('item', new Int32(), true))),
  floats: vectorFromArray([[0.5], [-Infinity, null], [], null],
    new List(new Field('item', new Float64(), true))),
});
writeFileSync(process.argv[2], tableToIPC(table, process.argv[3] ?? 'file'));
