// A line diff (longest common subsequence) for comparing a revision with the current text.

/**
 * lineDiff returns [{op: "same"|"add"|"del", line}] turning a into b. Inputs are capped so a
 * pathological pair cannot freeze the page; beyond the cap the rest is shown as replaced.
 */
export function lineDiff(a, b, cap = 2000) {
  const x = String(a).split("\n");
  const y = String(b).split("\n");
  // Trim the common head and tail so the table covers only the changed middle.
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length, endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) { endX--; endY--; }
  const head = x.slice(0, start).map((line) => ({ op: "same", line }));
  const tail = x.slice(endX).map((line) => ({ op: "same", line }));
  const mx = x.slice(start, endX), my = y.slice(start, endY);
  if (mx.length > cap || my.length > cap) {
    return [...head, ...mx.map((line) => ({ op: "del", line })), ...my.map((line) => ({ op: "add", line })), ...tail];
  }
  const n = mx.length, m = my.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = mx[i] === my[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const mid = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (mx[i] === my[j]) { mid.push({ op: "same", line: mx[i] }); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) { mid.push({ op: "del", line: mx[i++] }); }
    else { mid.push({ op: "add", line: my[j++] }); }
  }
  while (i < n) mid.push({ op: "del", line: mx[i++] });
  while (j < m) mid.push({ op: "add", line: my[j++] });
  return [...head, ...mid, ...tail];
}
