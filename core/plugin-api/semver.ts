/** Semantic version `MAJOR.MINOR.PATCH[-prerelease][+build]` (semver.org 2.0.0). */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

interface ParsedVersion {
  readonly numbers: readonly [number, number, number];
  readonly prerelease: string | undefined;
}

type Operator = '>=' | '>' | '<=' | '<' | '=';

interface Comparator {
  readonly operator: Operator;
  readonly version: ParsedVersion;
}

function parseVersion(text: string): ParsedVersion | undefined {
  const match = SEMVER_PATTERN.exec(text);
  if (!match) return undefined;
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], prerelease: match[4] };
}

function compareVersions(left: ParsedVersion, right: ParsedVersion): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = (left.numbers[index] ?? 0) - (right.numbers[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.prerelease === right.prerelease) return 0;
  if (left.prerelease === undefined) return 1;
  if (right.prerelease === undefined) return -1;
  return left.prerelease < right.prerelease ? -1 : 1;
}

function version(major: number, minor: number, patch: number): ParsedVersion {
  return { numbers: [major, minor, patch], prerelease: undefined };
}

/** `^1.2.3` allows changes that do not modify the left-most non-zero number (npm's rule). */
function caretUpperBound([major, minor, patch]: readonly [number, number, number]): ParsedVersion {
  if (major > 0) return version(major + 1, 0, 0);
  if (minor > 0) return version(0, minor + 1, 0);
  return version(0, 0, patch + 1);
}

function parseComparator(token: string): readonly Comparator[] | undefined {
  if (token === '*' || token === 'x') return [];
  const match = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(token);
  const parsed = match?.[2] === undefined ? undefined : parseVersion(match[2]);
  if (!match || !parsed) return undefined;
  const prefix = match[1] ?? '=';
  const [major, minor] = parsed.numbers;
  switch (prefix) {
    case '^':
      return [
        { operator: '>=', version: parsed },
        { operator: '<', version: caretUpperBound(parsed.numbers) },
      ];
    case '~':
      return [
        { operator: '>=', version: parsed },
        { operator: '<', version: version(major, minor + 1, 0) },
      ];
    default:
      return [{ operator: prefix as Operator, version: parsed }];
  }
}

function parseRange(range: string): readonly (readonly Comparator[])[] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of range.trim().split('||')) {
    const tokens = alternative.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return undefined;
    const comparators: Comparator[] = [];
    for (const token of tokens) {
      const parsed = parseComparator(token);
      if (!parsed) return undefined;
      comparators.push(...parsed);
    }
    alternatives.push(comparators);
  }
  return alternatives;
}

function satisfiesComparator(candidate: ParsedVersion, comparator: Comparator): boolean {
  const order = compareVersions(candidate, comparator.version);
  switch (comparator.operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '<':
      return order < 0;
    case '=':
      return order === 0;
  }
}

/** Whether `range` is a version range this SDK understands (`*`, `^1.2.3`, `~1.2.3`, `>=1.0.0 <2.0.0`, `a || b`). */
export function isValidVersionRange(range: string): boolean {
  return parseRange(range) !== undefined;
}

/**
 * Whether `candidate` (a full semantic version) lies in `range`. The host calls this with its own
 * version and a manifest's `hostVersionRange`; an unparsable version or range never satisfies.
 */
export function satisfiesVersionRange(candidate: string, range: string): boolean {
  const parsedVersion = parseVersion(candidate);
  const alternatives = parseRange(range);
  if (!parsedVersion || !alternatives) return false;
  return alternatives.some((comparators) =>
    comparators.every((comparator) => satisfiesComparator(parsedVersion, comparator)),
  );
}
