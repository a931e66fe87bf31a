// 2-D affine matrices as PDF writes them: [a b c d e f] maps (x, y) to (a·x + c·y + e, b·x + d·y + f).

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` then `n`: the matrix that applies m first (PDF's cm: CTM′ = M × CTM is multiply(M, CTM)). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** multiply([sx, 0, 0, sy, tx, ty], n) without building the first matrix (a glyph's origin: one per character). */
export function scaleThen(sx: number, sy: number, tx: number, ty: number, n: Matrix): Matrix {
  return [sx * n[0], sx * n[1], sy * n[2], sy * n[3], tx * n[0] + ty * n[2] + n[4], tx * n[1] + ty * n[3] + n[5]];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}
