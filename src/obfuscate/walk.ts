// Applies a text function to every string inside a JSON-like value (a manifest, an analysis document).

export function mapStrings<T>(value: T, f: (text: string) => string): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return f(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
}
