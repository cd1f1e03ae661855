/**
 * The workbench comparison page's address: `#/compare/A/B` compares the first points of runs A and B;
 * `#/compare/A/B/KA/KB` their sweep points KA and KB, numbered from 1 as on the command line
 * (`cascade compare A/KA B/KB`) and in the API (`?pointA=KA&pointB=KB`).
 */
export interface CompareRoute {
  a: string;
  b: string;
  /** Point of run A, 0-based as the live views number them. */
  pointA: number;
  /** Point of run B, 0-based. */
  pointB: number;
}

/** Reads the parts after `compare` (`[A, B]` or `[A, B, KA, KB]`); null when A or B is missing. A point that is not a whole number ≥ 1 reads as the first. */
export function parseCompareRoute(parts: string[]): CompareRoute | null {
  const [a, b, ka, kb] = parts;
  if (!a || !b) return null;
  return { a, b, pointA: pointIndex(ka), pointB: pointIndex(kb) };
}

/** The hash of a comparison; the points are written only when either is not the first. */
export function compareHash(r: CompareRoute): string {
  const points = r.pointA || r.pointB ? `/${r.pointA + 1}/${r.pointB + 1}` : '';
  return `#/compare/${r.a}/${r.b}${points}`;
}

/** The API's query for the route's points (empty when both are the first). */
export function compareQuery(r: CompareRoute): string {
  return r.pointA || r.pointB ? `?pointA=${r.pointA + 1}&pointB=${r.pointB + 1}` : '';
}

function pointIndex(text: string | undefined): number {
  const k = Number(text);
  return Number.isInteger(k) && k >= 1 ? k - 1 : 0;
}
