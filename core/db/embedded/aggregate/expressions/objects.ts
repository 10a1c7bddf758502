/**
 * Document operators: $mergeObjects, $getField, $setField and $unsetField.
 */
import type { Document } from '../../bson-values.js';
import { fail, isDocument, isNullish, literalValue, namedArgs, operands, renderValue, setOwn, typeName } from './args.js';
import type { CompileContext, Evaluator, OperatorCompiler, OperatorTable } from './context.js';

const compileMergeObjects: OperatorCompiler = (argument, context) => {
  const evaluators = operands(argument).map((item) => context.compile(item));
  return (root, variables) => {
    const out: Document = {};
    for (const evaluate of evaluators) {
      const value = evaluate(root, variables);
      if (isNullish(value)) continue;
      if (!isDocument(value)) fail(40400, `$mergeObjects requires object inputs, but input ${renderValue(value)} is of type ${typeName(value)}`);
      for (const key of Object.keys(value)) {
        if (value[key] !== undefined) setOwn(out, key, value[key]);
      }
    }
    return out;
  };
};

/** The 'field' argument must be a constant string; a field path is a common mistake. */
function constantField(name: string, raw: unknown, codes: readonly [number, number, number]): string {
  if (typeof raw === 'string' && raw.startsWith('$')) {
    fail(codes[0], `'${raw}' is a field path reference which is not allowed in this context. Did you mean {$literal: '${raw}'}?`);
  }
  const constant = literalValue(raw);
  if (constant === undefined) fail(codes[1], `${name} requires 'field' to evaluate to a constant, but got a non-constant argument`);
  if (typeof constant.value !== 'string') {
    fail(codes[2], `${name} requires 'field' to evaluate to type String, but got ${typeName(constant.value)}`);
  }
  return constant.value;
}

function getFieldSpec(argument: unknown, context: CompileContext): { field: string; input: Evaluator } {
  const current: Evaluator = (root) => root;
  if (!isDocument(argument)) return { field: constantField('$getField', argument, [5654600, 5654601, 5654602]), input: current };
  const keys = Object.keys(argument);
  if (keys.length > 0 && (keys[0] as string).startsWith('$')) {
    return { field: constantField('$getField', argument, [5654600, 5654601, 5654602]), input: current };
  }
  const args = namedArgs(argument, ['field', 'input'], {
    notObject: [3041701, ''],
    unknown: (field) => [3041701, `$getField found an unknown argument: ${field}`],
  });
  if (!Object.hasOwn(args, 'field')) fail(3041702, "$getField requires 'field' to be specified");
  if (!Object.hasOwn(args, 'input')) fail(3041703, "$getField requires 'input' to be specified");
  return { field: constantField('$getField', args.field, [5654600, 5654601, 5654602]), input: context.compile(args.input) };
}

const compileGetField: OperatorCompiler = (argument, context) => {
  const { field, input } = getFieldSpec(argument, context);
  return (root, variables) => {
    const value = input(root, variables);
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (!isDocument(value)) return undefined;
    return Object.hasOwn(value, field) ? value[field] : undefined;
  };
};

function setFieldOperator(unset: boolean): OperatorCompiler {
  return (argument, context, name) => {
    if (!isDocument(argument)) fail(4161100, `${name} only supports an object as its argument`);
    const allowed = unset ? ['field', 'input'] : ['field', 'input', 'value'];
    const args = namedArgs(argument, allowed, {
      notObject: [4161100, ''],
      unknown: (field) => [4161101, `${name} found an unknown argument: ${field}`],
    });
    if (!Object.hasOwn(args, 'field')) fail(4161102, `${name} requires 'field' to be specified`);
    if (!unset && !Object.hasOwn(args, 'value')) fail(4161103, `${name} requires 'value' to be specified`);
    if (!Object.hasOwn(args, 'input')) fail(4161109, `${name} requires 'input' to be specified`);
    const field = constantField(name, args.field, [4161108, 4161106, 4161107]);
    const input = context.compile(args.input);
    const value: Evaluator = unset ? () => undefined : context.compile(args.value);
    return (root, variables) => {
      const document = input(root, variables);
      if (isNullish(document)) return null;
      if (!isDocument(document)) fail(4161105, "$setField requires 'input' to evaluate to type Object");
      const newValue = value(root, variables);
      const out: Document = {};
      let placed = false;
      for (const key of Object.keys(document)) {
        if (key === field) {
          placed = true;
          if (newValue !== undefined) setOwn(out, key, newValue);
        } else if (document[key] !== undefined) {
          setOwn(out, key, document[key]);
        }
      }
      if (!placed && newValue !== undefined) setOwn(out, field, newValue);
      return out;
    };
  };
}

export const objectOperators: OperatorTable = {
  $mergeObjects: compileMergeObjects,
  $getField: compileGetField,
  $setField: setFieldOperator(false),
  $unsetField: setFieldOperator(true),
};
