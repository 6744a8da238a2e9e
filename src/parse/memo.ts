/** Remember a pure function's answers by key, for words that repeat; forgets everything past `cap` entries (bounded memory). */
export function memo<T>(fn: (key: string) => T, cap = 4096): (key: string) => T {
  const seen = new Map<string, T>();
  return (key: string): T => {
    const hit = seen.get(key);
    if (hit !== undefined || seen.has(key)) return hit as T;
    const value = fn(key);
    if (seen.size >= cap) seen.clear();
    seen.set(key, value);
    return value;
  };
}
