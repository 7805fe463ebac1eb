// Reads an Arrow IPC file or stream and prints, as JSON, every field (name, type, metadata) and
// every value. Fixed-width numbers and temporals are printed raw (the stored integer, so that
// nanoseconds survive); 64-bit values and non-finite floats as strings; binaries as hex.
import { readFileSync } from 'node:fs';
import { tableFromIPC, Type } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const raw = new Set([Type.Int, Type.Float, Type.Date, Type.Time, Type.Timestamp, Type.Duration]);

function scalar(v) {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return v;
}

const out = { rows: table.numRows, fields: [], columns: {} };
for (const field of table.schema.fields) {
  out.fields.push({ name: field.name, type: String(field.type),
    metadata: Object.fromEntries(field.metadata) });
  const vector = table.getChild(field.name);
  const values = [];
  for (const chunk of vector.data) {
    const one = new (vector.constructor)([chunk]);
    for (let i = 0; i < chunk.length; i++) {
      values.push(chunk.getValid(i) ? (raw.has(chunk.type.typeId)
        ? scalar(chunk.values[i]) : listOr(one.get(i), chunk.type)) : null);
    }
  }
  out.columns[field.name] = values;
}

function listOr(v, type) {
  if (type.typeId === Type.List) return Array.from(v, scalar);
  return scalar(v);
}

process.stdout.write(JSON.stringify(out));
