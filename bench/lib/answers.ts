// Deterministic, realistic chat content for the benchmarks: Markdown answers with prose (English and
// Chinese, as this extension's users write), lists and fenced code, and questions of about 200 characters.

const CODE_BLOCKS = [
  '```ts\nexport function debounce<T extends unknown[]>(fn: (...args: T) => void, wait: number): (...args: T) => void {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return (...args: T) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), wait);\n  };\n}\n```',
  '```python\nasync def fetch_all(session, urls, limit=8):\n    semaphore = asyncio.Semaphore(limit)\n\n    async def one(url):\n        async with semaphore, session.get(url) as response:\n            response.raise_for_status()\n            return await response.json()\n\n    return await asyncio.gather(*(one(u) for u in urls))\n```',
  '```go\nfunc (c *Cache) Get(key string) (Value, bool) {\n\tc.mu.RLock()\n\tdefer c.mu.RUnlock()\n\tentry, ok := c.items[key]\n\tif !ok || time.Now().After(entry.expires) {\n\t\treturn Value{}, false\n\t}\n\treturn entry.value, true\n}\n```',
  '```sql\nSELECT u.id, u.name, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id AND o.created_at > now() - interval \'30 days\'\nGROUP BY u.id, u.name\nHAVING COUNT(o.id) > 3\nORDER BY orders DESC\nLIMIT 20;\n```',
];

const PROSE = [
  'The function keeps **one timer** per instance: every call clears the previous one, so only the last call in a burst runs. That is what makes it a debounce rather than a throttle, which would run at a fixed rate instead.',
  '这个函数只保留**一个计时器**：每次调用都会清除上一次的计时器，所以一连串调用中只有最后一次会执行。这正是防抖和节流的区别，节流会以固定频率执行。',
  'Errors thrown inside the callback surface asynchronously, outside the caller\'s `try`/`catch`. Wrap the body when it can fail, and remember that `this` is not bound: pass an arrow function or call `.bind()` first.',
  '注意：回调中抛出的异常是异步出现的，调用方的 `try`/`catch` 捕获不到。如果回调可能失败，请在内部处理；另外 `this` 不会自动绑定，请使用箭头函数。',
];

const LIST = '- Keep the wait between 150 and 300 ms for typing.\n- Cancel the pending call when the view is disposed.\n- Prefer `leading: true` for buttons:\n  1. the first click runs at once,\n  2. repeated clicks are ignored.';

/** A Markdown answer of about `bytes` characters, with a code block roughly every 700 characters. */
export function markdownAnswer(bytes: number, seed = 0): string {
  const parts: string[] = [`### ${['Why it works', '原因', 'How to fix it', '修改建议'][seed % 4]}`];
  let length = parts[0].length;
  for (let i = seed; length < bytes; i++) {
    const part = i % 3 === 2 ? CODE_BLOCKS[i % CODE_BLOCKS.length] : i % 7 === 5 ? LIST : PROSE[i % PROSE.length];
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('\n\n').slice(0, bytes);
}

/** A question of about 200 characters, as typed in the chat input. */
export function question(index: number): string {
  const asks = [
    'Why does this debounce helper sometimes run the callback twice when the component re-renders? I pass it to useEffect and the wait is 300 ms.',
    '这个缓存的 Get 方法在高并发下性能不好，是不是读锁的问题？有没有更好的写法，比如用 sync.Map 或者分片锁？请给出修改后的代码。',
    'Can you rewrite this SQL so it uses an index on orders(created_at)? It takes 4 seconds on a table with 20 million rows in PostgreSQL 16.',
  ];
  return `${asks[index % asks.length]} (${index + 1})`.padEnd(200, ' ').trimEnd();
}

/** Splits by code points into pieces of `size`, so no delta ends inside a surrogate pair. */
export function deltas(text: string, size: number): string[] {
  const points = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size).join(''));
  return out;
}
