/**
 * `campaigns:mutate` and `campaignBudgets:mutate` of the fake: update operations with an
 * `updateMask` (FieldMask JSON: comma-separated paths), applied to the fake's data so later
 * searches see them. All operations are validated before any is applied (partialFailure false).
 */
import type { FakeCampaign, FakeGoogleAdsData } from './fixtures.js';
import { adsFailure, unknownFieldError } from './responses.js';
import type { AdsErrorDetail, FakeAnswer } from './responses.js';

const REQUEST_FIELDS = new Set(['operations', 'partialFailure', 'validateOnly', 'responseContentType']);
const OPERATION_FIELDS = new Set(['update', 'updateMask', 'create', 'remove']);

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

function exponentOf(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

type Applied = () => void;

interface MutateContext {
  readonly data: FakeGoogleAdsData;
  readonly customerId: string;
  readonly apiVersion: string;
  readonly requestId: string;
}

function fail(context: MutateContext, status: number, error: AdsErrorDetail, index: number): FakeAnswer {
  return adsFailure(
    status,
    context.apiVersion,
    { ...error, location: { fieldPathElements: [{ fieldName: 'operations', index }] } },
    context.requestId,
  );
}

function maskOf(
  operation: Record<string, unknown>,
  update: Record<string, unknown>,
  allowed: ReadonlySet<string>,
): string[] | string {
  const mask = operation['updateMask'];
  if (typeof mask !== 'string' || mask.trim() === '') return 'update_mask';
  const paths = mask.split(',').map((path) => camel(path.trim()));
  for (const path of paths) if (!allowed.has(path) || !(path in update)) return snake(path);
  return paths;
}

function campaignUpdate(
  context: MutateContext,
  update: Record<string, unknown>,
  paths: string[],
  index: number,
): Applied | FakeAnswer {
  const match = /^customers\/(\d{10})\/campaigns\/(\d+)$/.exec(String(update['resourceName'] ?? ''));
  if (match === null || match[1] !== context.customerId)
    return fail(
      context,
      400,
      { category: 'requestError', reason: 'BAD_RESOURCE_ID', message: 'Resource name is malformed.' },
      index,
    );
  const campaign = context.data.campaigns.find(
    (c) => c.customerId === context.customerId && c.id === match[2],
  );
  if (campaign === undefined)
    return fail(
      context,
      400,
      {
        category: 'mutateError',
        reason: 'RESOURCE_NOT_FOUND',
        message: 'The requested resource was not found.',
      },
      index,
    );
  if (campaign.status === 'REMOVED')
    return fail(
      context,
      400,
      {
        category: 'operationAccessDeniedError',
        reason: 'OPERATION_NOT_PERMITTED_FOR_REMOVED_RESOURCE',
        message: 'Operation is not permitted on a removed resource.',
      },
      index,
    );
  const status = update['status'];
  if (paths.includes('status') && status !== 'ENABLED' && status !== 'PAUSED')
    return fail(
      context,
      400,
      {
        category: 'requestError',
        reason: 'INVALID_ENUM_VALUE',
        message: `Invalid campaign status ${String(status)}.`,
      },
      index,
    );
  const name = update['name'];
  if (paths.includes('name') && (typeof name !== 'string' || name === ''))
    return fail(
      context,
      400,
      { category: 'stringLengthError', reason: 'EMPTY', message: 'The name is empty.' },
      index,
    );
  return () => {
    if (paths.includes('status')) campaign.status = String(status);
    if (paths.includes('name')) campaign.name = String(name);
  };
}

function budgetUpdate(
  context: MutateContext,
  update: Record<string, unknown>,
  index: number,
): Applied | FakeAnswer {
  const match = /^customers\/(\d{10})\/campaignBudgets\/(\d+)$/.exec(String(update['resourceName'] ?? ''));
  if (match === null || match[1] !== context.customerId)
    return fail(
      context,
      400,
      { category: 'requestError', reason: 'BAD_RESOURCE_ID', message: 'Resource name is malformed.' },
      index,
    );
  const owners: FakeCampaign[] = context.data.campaigns.filter(
    (c) => c.customerId === context.customerId && c.budget.id === match[2],
  );
  const budget = owners[0]?.budget;
  if (budget === undefined)
    return fail(
      context,
      400,
      {
        category: 'mutateError',
        reason: 'RESOURCE_NOT_FOUND',
        message: 'The requested resource was not found.',
      },
      index,
    );
  // Proto3 JSON accepts int64 as a string or a number.
  const raw = update['amountMicros'];
  const micros =
    typeof raw === 'string' && /^\d+$/.test(raw)
      ? BigInt(raw)
      : typeof raw === 'number' && Number.isSafeInteger(raw)
        ? BigInt(raw)
        : undefined;
  if (micros === undefined)
    return fail(
      context,
      400,
      { category: 'fieldError', reason: 'INVALID_VALUE', message: 'amount_micros is not an int64.' },
      index,
    );
  const currency = context.data.customers.find((c) => c.id === context.customerId)?.currency ?? 'USD';
  if (micros % 10n ** BigInt(6 - exponentOf(currency)) !== 0n)
    return fail(
      context,
      400,
      {
        category: 'campaignBudgetError',
        reason: 'NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT',
        message: 'The budget is not a multiple of the minimum currency unit.',
      },
      index,
    );
  return () => {
    budget.amountMicros = micros.toString();
  };
}

export function mutate(
  context: MutateContext,
  service: 'campaigns' | 'campaignBudgets',
  body: Record<string, unknown>,
): FakeAnswer {
  for (const key of Object.keys(body)) if (!REQUEST_FIELDS.has(key)) return unknownFieldError(key);
  const operations = body['operations'];
  if (!Array.isArray(operations) || operations.length === 0)
    return adsFailure(
      400,
      context.apiVersion,
      { category: 'requestError', reason: 'REQUIRED_FIELD_MISSING', message: 'operations is required.' },
      context.requestId,
    );
  const applied: Applied[] = [];
  const resourceNames: string[] = [];
  for (const [index, operation] of operations.entries()) {
    if (typeof operation !== 'object' || operation === null) return unknownFieldError(`operations[${index}]`);
    const op = operation as Record<string, unknown>;
    for (const key of Object.keys(op))
      if (!OPERATION_FIELDS.has(key)) return unknownFieldError(`operations[${index}].${key}`);
    const update = op['update'];
    if (typeof update !== 'object' || update === null)
      return fail(
        context,
        400,
        {
          category: 'mutateError',
          reason: 'OPERATION_NOT_SUPPORTED',
          message: 'The fake implements update operations only.',
        },
        index,
      );
    const fields = update as Record<string, unknown>;
    const allowed = service === 'campaigns' ? new Set(['status', 'name']) : new Set(['amountMicros']);
    for (const key of Object.keys(fields))
      if (key !== 'resourceName' && !allowed.has(key) && !['id', 'period', 'explicitlyShared'].includes(key))
        return unknownFieldError(`operations[${index}].update.${key}`);
    const paths = maskOf(op, fields, allowed);
    if (typeof paths === 'string')
      return fail(
        context,
        400,
        {
          category: 'fieldMaskError',
          reason: 'FIELD_NOT_FOUND',
          message: `The field mask names ${paths}, which the update does not set or cannot change.`,
        },
        index,
      );
    const result =
      service === 'campaigns'
        ? campaignUpdate(context, fields, paths, index)
        : budgetUpdate(context, fields, index);
    if (typeof result !== 'function') return result;
    applied.push(result);
    resourceNames.push(String(fields['resourceName']));
  }
  if (body['validateOnly'] === true) return { status: 200, body: {} };
  for (const apply of applied) apply();
  return { status: 200, body: { results: resourceNames.map((resourceName) => ({ resourceName })) } };
}
