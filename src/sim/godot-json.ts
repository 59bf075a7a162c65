/**
 * Godot writes numbers from its float API as floats (`1234.0`) and sorts object keys. JSON.stringify
 * can do neither, so values that Godot would write as floats are wrapped in GodotFloat.
 */
export class GodotFloat {
  constructor(readonly value: number) {}
}

export const float = (value: number): GodotFloat => new GodotFloat(value);

export type GodotJson =
  null | boolean | number | string | GodotFloat | GodotJson[] | { [key: string]: GodotJson | undefined };

function number(n: number): string {
  // Godot has no NaN/inf in JSON either; it writes them as null-ish garbage. We never produce them.
  if (!Number.isFinite(n)) return 'null';
  return JSON.stringify(n);
}

export function godotStringify(value: GodotJson): string {
  if (value === null) return 'null';
  if (value instanceof GodotFloat) {
    const n = value.value;
    return Number.isInteger(n) && Number.isFinite(n) ? `${n}.0` : number(n);
  }
  if (typeof value === 'number') return number(value);
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(godotStringify).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${godotStringify(value[k] as GodotJson)}`).join(',')}}`;
}
