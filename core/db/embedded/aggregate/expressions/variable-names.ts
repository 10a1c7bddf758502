/**
 * Variable name rules: user-defined names ($let vars, `as`) must start with a lowercase letter
 * (or a non-ASCII character); reads may also name the uppercase system variables.
 */
import { fail } from './args.js';

function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function validate(name: string, validFirst: (code: number) => boolean): void {
  if (name.length === 0) fail(16866, 'empty variable names are not allowed');
  if (!validFirst(name.charCodeAt(0))) {
    fail(16867, `'${name}' starts with an invalid character for a user variable name`);
  }
  for (let i = 1; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (!(isLower(code) || isUpper(code) || isDigit(code) || code === 95 || code >= 0x80)) {
      fail(16868, `'${name}' contains an invalid character for a variable name: '${name[i] as string}'`);
    }
  }
}

/** Names a user may define; CURRENT is the one system variable that can be rebound. */
export function validateNameForWrite(name: string): void {
  if (name === 'CURRENT') return;
  validate(name, (code) => isLower(code) || code >= 0x80);
}

export function validateNameForRead(name: string): void {
  validate(name, (code) => isLower(code) || isUpper(code) || code >= 0x80);
}
