/** Dense square matrices as arrays of rows; only what the fits need (p ≤ 10). */
export type Matrix = number[][];

/** Inverse by Gauss–Jordan with partial pivoting; `undefined` when (numerically) singular. */
export function invert(matrix: readonly (readonly number[])[]): Matrix | undefined {
  const size = matrix.length;
  const work = matrix.map((row, index) => [
    ...row,
    ...Array.from({ length: size }, (_, column) => (column === index ? 1 : 0)),
  ]);
  const scale = Math.max(1e-300, ...matrix.map((row, index) => Math.abs(row[index] ?? 0)));
  for (let column = 0; column < size; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < size; row += 1)
      if (Math.abs(work[row]?.[column] ?? 0) > Math.abs(work[pivot]?.[column] ?? 0)) pivot = row;
    const pivotValue = work[pivot]?.[column] ?? 0;
    if (Math.abs(pivotValue) < scale * 1e-13) return undefined;
    [work[column], work[pivot]] = [work[pivot] as number[], work[column] as number[]];
    const pivotRow = work[column] as number[];
    for (let index = 0; index < 2 * size; index += 1) pivotRow[index] = (pivotRow[index] ?? 0) / pivotValue;
    for (let row = 0; row < size; row += 1) {
      if (row === column) continue;
      const target = work[row] as number[];
      const factor = target[column] ?? 0;
      if (factor === 0) continue;
      for (let index = 0; index < 2 * size; index += 1)
        target[index] = (target[index] ?? 0) - factor * (pivotRow[index] ?? 0);
    }
  }
  return work.map((row) => row.slice(size));
}

/** gᵀ M g. */
export function quadraticForm(matrix: readonly (readonly number[])[], vector: readonly number[]): number {
  let total = 0;
  for (let row = 0; row < vector.length; row += 1)
    for (let column = 0; column < vector.length; column += 1)
      total += (vector[row] ?? 0) * (matrix[row]?.[column] ?? 0) * (vector[column] ?? 0);
  return total;
}

/** Least-squares line y = intercept + slope × x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): { intercept: number; slope: number } {
  const count = xs.length;
  if (count === 0) return { intercept: 0, slope: 0 };
  const meanX = xs.reduce((sum, value) => sum + value, 0) / count;
  const meanY = ys.reduce((sum, value) => sum + value, 0) / count;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < count; index += 1) {
    const dx = (xs[index] ?? 0) - meanX;
    covariance += dx * ((ys[index] ?? 0) - meanY);
    variance += dx * dx;
  }
  const slope = variance > 0 ? covariance / variance : 0;
  return { intercept: meanY - slope * meanX, slope };
}
