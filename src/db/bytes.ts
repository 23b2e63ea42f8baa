// A BLOB column typed as Uint8Array. Drizzle's built-in `blob({ mode: 'buffer' })` needs Node's
// Buffer; this one works the same on Node, in workerd and against a remote libSQL server, whose
// clients hand BLOBs back as ArrayBuffer (or a Buffer, which is a Uint8Array).
import { customType } from 'drizzle-orm/sqlite-core';

export const bytes = customType<{ data: Uint8Array; driverData: ArrayBuffer | Uint8Array }>({
  dataType: () => 'blob',
  toDriver: (value) => value,
  fromDriver: (value) =>
    value instanceof Uint8Array
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value),
});
